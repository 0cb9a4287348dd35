package io.github.energy4j.profiler.internal.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Per-method energy from a profile's call tree: a pure function. */
public final class MethodTable {

    /**
     * One method (a frame name; pseudo-frames in brackets included).
     *
     * @param method      {@code package.Class.method}
     * @param selfJoules  energy of the samples whose innermost frame is this method
     * @param totalJoules energy of the samples with this method anywhere on the stack, each sample counted once
     *                    even when the method recurses
     * @param share       {@code selfJoules} over the profile's energy, 0 to 1: the shares of all methods sum to 1
     * @param samples     samples whose innermost frame is this method
     */
    public record Row(String method, double selfJoules, double totalJoules, double share, long samples) {
    }

    private MethodTable() {
    }

    /**
     * Every method with energy or samples, by self energy (highest first), then total energy, then name.
     */
    public static List<Row> rows(EnergyProfile p) {
        int n = p.nodes();
        Map<String, Integer> ids = new HashMap<>();
        int[] frameId = new int[n];
        List<String> names = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            Integer id = ids.get(p.frame(i));
            if (id == null) {
                id = names.size();
                names.add(p.frame(i));
                ids.put(p.frame(i), id);
            }
            frameId[i] = id;
        }
        int m = names.size();
        double[] self = new double[m];
        double[] total = new double[m];
        long[] samples = new long[m];
        double[] inclusive = p.totalJoules();
        for (int i = 1; i < n; i++) {
            int f = frameId[i];
            self[f] += p.selfJoules(i);
            samples[f] += p.selfSamples(i);
            boolean outermost = true;
            for (int a = p.parent(i); a > 0; a = p.parent(a)) {
                if (frameId[a] == f) {
                    outermost = false; // a recursive call: the outermost one counts the subtree already
                    break;
                }
            }
            if (outermost) {
                total[f] += inclusive[i];
            }
        }
        double all = inclusive[0];
        List<Row> rows = new ArrayList<>();
        for (int f = 0; f < m; f++) {
            if (total[f] > 0 || samples[f] > 0) {
                rows.add(new Row(names.get(f), self[f], total[f], all > 0 ? self[f] / all : 0, samples[f]));
            }
        }
        rows.sort(Comparator.comparingDouble(Row::selfJoules).reversed()
                .thenComparing(Comparator.comparingDouble(Row::totalJoules).reversed())
                .thenComparing(Row::method));
        return rows;
    }
}
