package io.github.energy4j.profiler.internal.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The collapsed-stack form of a profile, weighted by energy: one line per call path with self energy,
 * {@code outermost;...;innermost <millijoules>}, the input of flamegraph.pl, speedscope (name the file
 * {@code *.collapsedstack.txt} and it detects the format) and most flame-graph tools. A pure function.
 */
public final class CollapsedStacks {

    private CollapsedStacks() {
    }

    /**
     * The file's text: a first comment line with {@link Text#statement the profile's statement} (it ends with a word,
     * so no tool reads it as a stack), then the call paths in ascending order of their text, each with its self
     * energy in whole millijoules. The values are rounded by largest remainder, so they sum to the profile's energy
     * in millijoules, rounded; paths that round to 0 mJ are left out.
     */
    public static String format(EnergyProfile p) {
        int n = p.nodes();
        List<Integer> nodes = new ArrayList<>();
        double exactSum = 0;
        for (int i = 1; i < n; i++) {
            if (p.selfJoules(i) > 0) {
                nodes.add(i);
                exactSum += p.selfJoules(i) * 1000;
            }
        }
        int k = nodes.size();
        long[] mj = new long[k];
        double[] remainder = new double[k];
        String[] paths = new String[k];
        long floorSum = 0;
        for (int j = 0; j < k; j++) {
            double exact = p.selfJoules(nodes.get(j)) * 1000;
            mj[j] = (long) Math.floor(exact);
            remainder[j] = exact - mj[j];
            floorSum += mj[j];
            paths[j] = p.path(nodes.get(j), ';');
        }
        long left = Math.round(exactSum) - floorSum;
        Integer[] byRemainder = new Integer[k];
        for (int j = 0; j < k; j++) {
            byRemainder[j] = j;
        }
        java.util.Arrays.sort(byRemainder, (a, b) -> {
            int c = Double.compare(remainder[b], remainder[a]);
            return c != 0 ? c : paths[a].compareTo(paths[b]);
        });
        for (int j = 0; j < k && left > 0; j++, left--) {
            mj[byRemainder[j]]++;
        }
        Integer[] byPath = byRemainder.clone();
        java.util.Arrays.sort(byPath, (a, b) -> paths[a].compareTo(paths[b]));
        StringBuilder b = new StringBuilder();
        b.append("# energy4j energy profile in millijoules (mJ) per call path: ").append(Text.statement(p.summary()))
                .append('\n');
        for (int j : byPath) {
            if (mj[j] > 0) {
                b.append(paths[j]).append(' ').append(mj[j]).append('\n');
            }
        }
        return b.toString();
    }
}
