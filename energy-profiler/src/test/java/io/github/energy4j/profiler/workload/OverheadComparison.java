package io.github.energy4j.profiler.workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Overhead and accuracy side by side, in one run: {@link SplitWorkload} (CPU-bound, 75/25 by construction) on fresh
 * JVMs without the agent and with it at each interval, the configurations interleaved and their order rotated every
 * repetition, so that a machine that gets busier or quieter during the run weighs on all of them alike. Throughput is
 * counted inside the workload over a fixed window after a warm-up (JVM and profiler start-up and the final write are
 * outside it), with the process's CPU time over the same window.
 *
 * <p>Two overhead figures: the <b>CPU cost per unit of work</b> (process CPU time per heavy+light pair, the profiler's
 * own threads, JFR, GC and JIT included) against no agent, which is the slowdown of a CPU-bound application on
 * saturated cores and does not move when other tenants of the machine take CPU; and the <b>throughput</b> slowdown
 * (pairs per wall-clock second), which does. Prints a Markdown table with medians and spreads, and for the agent runs
 * the energy split between the two methods.
 *
 * <pre>
 * java -cp energy-profiler/target/test-classes io.github.energy4j.profiler.workload.OverheadComparison \
 *     --agent energy-profiler/target/energy4j-profiler.jar [--reps 7] [--threads N] [--warmup 5] [--seconds 20] \
 *     [--intervals 20ms,10ms] [--java PATH]
 * </pre>
 */
public final class OverheadComparison {

    private static final Pattern OPS = Pattern.compile("ops=([0-9]+) seconds=([0-9.]+) .*processCpuNanos=([0-9]+) "
            + "workerCpuNanos=([0-9]+)");

    private OverheadComparison() {
    }

    public static void main(String[] args) throws Exception {
        Path agent = null;
        int reps = 7;
        int threads = Runtime.getRuntime().availableProcessors();
        String warmup = "5";
        String seconds = "20";
        List<String> intervals = List.of("20ms", "10ms");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agent":
                    agent = Path.of(args[++i]).toAbsolutePath();
                    break;
                case "--reps":
                    reps = Integer.parseInt(args[++i]);
                    break;
                case "--threads":
                    threads = Integer.parseInt(args[++i]);
                    break;
                case "--warmup":
                    warmup = args[++i];
                    break;
                case "--seconds":
                    seconds = args[++i];
                    break;
                case "--intervals":
                    intervals = List.of(args[++i].split(","));
                    break;
                case "--java":
                    java = args[++i];
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (agent == null || !Files.isRegularFile(agent)) {
            throw new IllegalArgumentException("--agent energy-profiler/target/energy4j-profiler.jar is required (build "
                    + "it with: mvn -B -q -DskipTests package -pl energy-profiler -am)");
        }
        List<String> configs = new ArrayList<>();
        configs.add("none");
        configs.addAll(intervals);
        Map<String, List<Double>> throughput = new LinkedHashMap<>();
        Map<String, List<Double>> cpuPerOp = new LinkedHashMap<>();
        Map<String, List<Double>> workerCpuPerOp = new LinkedHashMap<>();
        Map<String, List<Double>> splits = new LinkedHashMap<>();
        for (String c : configs) {
            throughput.put(c, new ArrayList<>());
            cpuPerOp.put(c, new ArrayList<>());
            workerCpuPerOp.put(c, new ArrayList<>());
            splits.put(c, new ArrayList<>());
        }
        Path tmp = Files.createTempDirectory("energy4j-overhead");
        String cp = Path.of(SplitWorkload.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < configs.size(); k++) {
                String c = configs.get((k + rep) % configs.size());
                List<String> cmd = new ArrayList<>(List.of(java));
                Path html = tmp.resolve("run-" + rep + "-" + c + ".html");
                if (!c.equals("none")) {
                    cmd.add("-javaagent:" + agent + "=interval=" + c + ",output=" + html);
                }
                cmd.addAll(List.of("-cp", cp, SplitWorkload.class.getName(), "--threads", Integer.toString(threads),
                        "--warmup", warmup, "--seconds", seconds));
                if (!c.equals("none")) {
                    cmd.add("--await-profiler");
                }
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IllegalStateException(cmd + " failed: " + out);
                }
                Matcher m = OPS.matcher(out);
                if (!m.find()) {
                    throw new IllegalStateException("no ops= line: " + out);
                }
                long ops = Long.parseLong(m.group(1));
                double opsPerSecond = ops / Double.parseDouble(m.group(2));
                double cpuMicros = Long.parseLong(m.group(3)) / 1e3 / ops;
                throughput.get(c).add(opsPerSecond);
                cpuPerOp.get(c).add(cpuMicros);
                workerCpuPerOp.get(c).add(Long.parseLong(m.group(4)) / 1e3 / ops);
                String split = "";
                if (!c.equals("none")) {
                    double s = split(html.resolveSibling(html.getFileName().toString().replace(".html", ".json")));
                    splits.get(c).add(s);
                    split = String.format(Locale.ROOT, " heavy share %.3f", s);
                }
                System.err.printf(Locale.ROOT, "rep %d %-5s %.2f ops/s, %.1f us CPU/op%s%n", rep + 1, c, opsPerSecond,
                        cpuMicros, split);
            }
        }
        double base = median(throughput.get("none"));
        double baseCpu = median(cpuPerOp.get("none"));
        double baseWorker = median(workerCpuPerOp.get("none"));
        System.out.printf(Locale.ROOT, "%d repetitions, %d threads, %s s warm-up, %s s measured, %s, %d CPUs%n%n",
                reps, threads, warmup, seconds, Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.println("| agent | process CPU per pair, median (min – max) | CPU overhead | workers' CPU overhead "
                + "| pairs per second, median (min – max) | throughput slowdown | heavy share of energy (75 % by "
                + "construction): mean (min – max) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---|");
        for (String c : configs) {
            boolean none = c.equals("none");
            List<Double> cpu = cpuPerOp.get(c);
            List<Double> t = throughput.get(c);
            System.out.printf(Locale.ROOT, "| %s | %.1f µs (%.1f – %.1f) | %s | %s | %.1f (%.1f – %.1f) | %s | %s |%n",
                    none ? "none" : "interval=" + c, median(cpu), min(cpu), max(cpu),
                    none ? "—" : String.format(Locale.ROOT, "%+.2f %%", 100 * (median(cpu) / baseCpu - 1)),
                    none ? "—" : String.format(Locale.ROOT, "%+.2f %%",
                            100 * (median(workerCpuPerOp.get(c)) / baseWorker - 1)),
                    median(t), min(t), max(t),
                    none ? "—" : String.format(Locale.ROOT, "%.2f %%", 100 * (1 - median(t) / base)),
                    none ? "—" : String.format(Locale.ROOT, "%.1f %% (%.1f – %.1f)", 100 * mean(splits.get(c)),
                            100 * min(splits.get(c)), 100 * max(splits.get(c))));
        }
    }

    private static double split(Path json) throws IOException {
        String text = Files.readString(json);
        return total(text, "heavy") / (total(text, "heavy") + total(text, "light"));
    }

    private static double total(String json, String method) {
        Matcher m = Pattern.compile("SplitWorkload\\." + method + "\", \"selfJoules\": [0-9.]+, \"totalJoules\": "
                + "([0-9.]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + method + " in " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
