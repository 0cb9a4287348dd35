package io.github.energy4j.agent.serve;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of the {@code /metrics} exposition of {@code serve} at process level: {@code series} process series
 * (Kepler's {@code kepler_process_cpu_joules_total}, {@code _watts} and {@code kepler_process_cpu_seconds_total}
 * with their labels: pid, comm, exe, type, state, container_id, vm_id, zone) kept in the exporter's registry by
 * {@link RegistrySync} and rendered as Prometheus text.
 *
 * <ul>
 *   <li>{@code scrape}: render what is there (a scrape inside the sampling interval, no recomputation);</li>
 *   <li>{@code computeAndScrape}: one computation as each interval's first scrape does it (every series put
 *       with its new value, {@code churn} of the processes replaced by new pids, the gone ones removed) and
 *       the rendering.</li>
 * </ul>
 * {@code history}: computations run at setup before measuring, so removed series have accumulated in the
 * registry's past; the allocation per operation must follow the series written, not that history.
 *
 * <p>Lives in the exporter's package to reach {@link RegistrySync} (package-private); classpath only.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar ExpositionBenchmark -f 1 -wi 3 -i 5 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ExpositionBenchmark {

    /** Series per process: joules and watts in two states (active, idle), and CPU seconds. */
    static final int PER_PROCESS = 5;

    @Param({"10000"})
    public int series;

    @Param({"0", "0.1"})
    public double churn;

    @Param({"0", "200"})
    public int history;

    private PrometheusMeterRegistry registry;
    private RegistrySync sync;
    private int processes;
    private int nextPid;
    private int[] pids;
    private long step;

    @Setup(Level.Trial)
    public void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("node_name", "bench-node");
        sync = new RegistrySync(registry, Map.of("node_name", "bench-node"));
        processes = series / PER_PROCESS;
        pids = new int[processes];
        nextPid = 1000;
        for (int i = 0; i < processes; i++) {
            pids[i] = nextPid++;
        }
        for (int h = 0; h < history; h++) {
            compute(0.1);
        }
        compute(churn);
        int size = sync.size();
        if (size != processes * PER_PROCESS) {
            throw new IllegalStateException("expected " + processes * PER_PROCESS + " series, registry has " + size);
        }
    }

    @Benchmark
    public int scrape() {
        return sync.expose(registry.scrape(Exporter.TEXT)).length();
    }

    @Benchmark
    public int computeAndScrape() {
        compute(churn);
        return sync.expose(registry.scrape(Exporter.TEXT)).length();
    }

    private void compute(double replace) {
        step++;
        int replaced = (int) Math.round(processes * replace);
        for (int i = 0; i < replaced; i++) {
            pids[(int) ((step * 7919 + i * 104729L) % processes)] = nextPid++;
        }
        sync.begin();
        for (int i = 0; i < processes; i++) {
            emit(pids[i]);
        }
        sync.end();
    }

    private void emit(int pid) {
        for (String state : new String[] {"active", "idle"}) {
            Map<String, String> l = labels(pid);
            l.put("state", state);
            sync.put(new Series("kepler_process_cpu_joules", true, "Energy consumption of cpu at process level in joules",
                    null, l, step * 1.5 + pid));
            sync.put(new Series("kepler_process_cpu_watts", false, "Power consumption of cpu at process level in watts",
                    null, l, (pid % 13) * 0.25));
        }
        sync.put(new Series("kepler_process_cpu_seconds", true,
                "Total user and system time of cpu at process level in seconds", null, labels(pid), step * 0.01));
    }

    private static Map<String, String> labels(int pid) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("pid", Integer.toString(pid));
        l.put("comm", "worker-" + (pid % 97));
        l.put("exe", "/usr/bin/worker-" + (pid % 97));
        l.put("type", "regular");
        l.put("container_id", "");
        l.put("vm_id", "");
        l.put("zone", "package");
        return l;
    }

    /** For a quick look without JMH: prints the time of a few scrapes. */
    public static void main(String[] args) {
        ExpositionBenchmark b = new ExpositionBenchmark();
        b.series = 10_000;
        b.churn = 0.1;
        b.history = 0;
        b.setUp();
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long t = System.nanoTime();
            b.computeAndScrape();
            ms.add((System.nanoTime() - t) / 1_000_000);
        }
        System.out.println("computeAndScrape ms: " + ms);
    }
}
