package io.github.energy4j.jmh;

import io.github.energy4j.jmh.internal.ForkMeter;
import io.github.energy4j.jmh.internal.IterationEnergy;
import io.github.energy4j.jmh.internal.Mark;
import io.github.energy4j.jmh.internal.ProfilerSettings;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

/**
 * A JMH profiler that adds the energy of the benchmark JVM to every benchmark's results:
 * <pre>
 * java -jar benchmarks.jar -prof io.github.energy4j.jmh.EnergyProfiler
 * java -jar benchmarks.jar -prof "io.github.energy4j.jmh.EnergyProfiler:sources=rapl;idle=min-observed"
 * new OptionsBuilder().include("MyBenchmark").addProfiler(EnergyProfiler.class).build();
 * </pre>
 *
 * <p>Secondary results, each measurement iteration (warm-up iterations are not metered):
 * <table>
 *   <caption>Results</caption>
 *   <tr><th>label</th><th>unit</th><th>value</th><th>aggregated over iterations</th></tr>
 *   <tr><td>{@code ·energy}</td><td>{@code J/op} ({@code unit=nJ}: {@code nJ/op}, ...)</td><td>this JVM's energy
 *       per operation</td><td>average</td></tr>
 *   <tr><td>{@code ·power}</td><td>{@code W}</td><td>this JVM's average power</td><td>average</td></tr>
 *   <tr><td>{@code ·energy.total.<provenance>}</td><td>{@code J}</td><td>this JVM's joules over the measurement
 *       iterations; the label says {@code measured(rapl:package-0,dram-0)}, {@code estimated(model:cpu-model)} or
 *       {@code unavailable}</td><td>sum</td></tr>
 * </table>
 * An operation is JMH's: every mode counts {@code IterationResultMetaData.getAllOps()}, the operations of all the
 * benchmark's threads in the iteration with {@code @OperationsPerInvocation} applied. In single-shot mode that is
 * one per thread and iteration, the whole batch ({@code batchSize} calls), as JMH's own score counts it; in
 * throughput, average-time and sample-time modes it includes the calls of the synchronising ramp-up and ramp-down,
 * which run inside the metered window.
 *
 * <p>The energy is this process's CPU time priced, interval by interval, at the node's active joules per busy
 * CPU-second ({@code EnergyMeter} self-only): the idle energy of the host, and what other processes use, are not
 * the benchmark's. It is measured when a sensor is readable (RAPL with {@code energy-rapl} on the class path) and
 * estimated from the CPU model otherwise. The window runs from just before the iteration's worker threads start
 * (its {@code @Setup(Level.Iteration)} included) to just after they stopped, and covers the whole JVM: the
 * benchmark's threads, the JIT compiler and the garbage collector. When no figure can be established, the results
 * are NaN, never 0, the provenance reads {@code unavailable}, and the fork prints the reason once.
 *
 * <p>JMH instantiates the profiler in the host JVM and in each fork; both constructors are cheap. The meter is
 * built at the first iteration of a fork (and shared by all profiler instances of that JVM), so its start, and
 * the quiet calibration second it takes when an idle power must be learned, fall before the first warm-up
 * iteration. Called by JMH's iteration thread only.
 */
public final class EnergyProfiler implements InternalProfiler {

    /** JMH's prefix of profiler results. */
    private static final String PREFIX = "\u00b7";

    private final ProfilerSettings settings;
    private final Set<String> told = new HashSet<>();
    private ForkMeter meter;
    private Mark start;

    /** Default settings; the constructor {@link java.util.ServiceLoader} and JMH's profiler listing use. */
    public EnergyProfiler() {
        this.settings = ProfilerSettings.DEFAULTS;
    }

    /**
     * With the options after the colon of {@code -prof io.github.energy4j.jmh.EnergyProfiler:...}: {@code key=value}
     * pairs separated by {@code ;}: {@code sources=id[,id]}, {@code idle=auto|none|min-observed|watts},
     * {@code interval=ms}, {@code calibration=ms}, {@code unit=J|mJ|uJ|nJ}, {@code help}.
     *
     * @throws ProfilerException naming a bad option and its allowed values (JMH prints it and stops)
     */
    public EnergyProfiler(String initLine) throws ProfilerException {
        this.settings = ProfilerSettings.parse(initLine);
    }

    @Override
    public String getDescription() {
        return "Energy of the benchmark JVM (energy4j): J/op, W, measured or estimated";
    }

    /**
     * Starts the meter on the first iteration of the fork, and samples at the start of a measurement iteration.
     *
     * @throws IllegalStateException when forced sources cannot be used here (the benchmark fails with the reason)
     */
    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        if (meter == null) {
            meter = ForkMeter.shared(settings);
        }
        start = iterationParams.getType() == IterationType.MEASUREMENT ? meter.mark() : null;
    }

    /**
     * Samples at the end of a measurement iteration and returns its energy results; nothing for warm-up
     * iterations.
     */
    @Override
    public Collection<ScalarResult> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                   IterationResult result) {
        if (iterationParams.getType() != IterationType.MEASUREMENT || start == null) {
            return List.of();
        }
        Mark end = meter.mark();
        IterationEnergy e = IterationEnergy.between(start, end, result.getMetadata().getAllOps(),
                ProcessHandle.current().pid());
        start = null;
        boolean timed = benchmarkParams.getMode() != Mode.SingleShotTime;
        for (IterationEnergy.Note note : e.notes(timed, iterationParams.getTime().convertTo(TimeUnit.NANOSECONDS))) {
            tellOnce(note.kind(), note.text());
        }
        return List.of(
                new ScalarResult(PREFIX + "energy", settings.unit().of(e.joulesPerOp()), settings.unit().perOp(),
                        AggregationPolicy.AVG),
                new ScalarResult(PREFIX + "power", e.watts(), "W", AggregationPolicy.AVG),
                new ScalarResult(PREFIX + "energy.total." + e.provenanceTag(), e.joules(), "J", AggregationPolicy.SUM));
    }

    /**
     * Prints to the fork's output, which JMH shows with the benchmark's (after the running iteration's number),
     * once per kind of message and fork.
     */
    private void tellOnce(String kind, String message) {
        if (told.add(kind)) {
            System.out.println("energy4j: " + message);
        }
    }
}
