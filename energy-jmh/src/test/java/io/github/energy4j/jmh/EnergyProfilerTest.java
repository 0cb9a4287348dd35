package io.github.energy4j.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.Profiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.profile.ProfilerFactory;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.IterationResultMetaData;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;

/** The profiler driven as JMH drives it inside a fork, on this JVM with this host's best source. */
class EnergyProfilerTest {

    @Test
    void shouldBeListedByJmhAsADiscoveredProfiler() {
        List<Class<?>> loaded = new ArrayList<>();
        for (Profiler p : ServiceLoader.load(Profiler.class)) {
            loaded.add(p.getClass());
        }
        assertTrue(loaded.contains(EnergyProfiler.class), loaded.toString());

        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        ProfilerFactory.listProfilers(new PrintStream(listing, true, StandardCharsets.UTF_8));
        String text = listing.toString(StandardCharsets.UTF_8);
        int unsupported = text.indexOf("Unsupported profilers");
        String supported = unsupported < 0 ? text : text.substring(0, unsupported);
        assertTrue(supported.contains("io.github.energy4j.jmh.EnergyProfiler: Energy of the benchmark JVM"), text);
    }

    @Test
    void shouldStopJmhWithTheReasonWhenAnOptionIsBad() {
        ProfilerException e = assertThrows(ProfilerException.class, () -> new EnergyProfiler("interval=1"));
        assertEquals("interval must be between 10 and 3600000 ms, was 1", e.getMessage());
    }

    @Test
    void shouldMeterMeasurementIterationsAndNotWarmUpOnes() throws ProfilerException {
        EnergyProfiler profiler = new EnergyProfiler("calibration=0;interval=100;unit=uJ");
        // iterations of 1 s, of which the 300 ms of CPU time below take 300 ms or more on a busy machine
        IterationParams warmup = new IterationParams(IterationType.WARMUP, 1, TimeValue.seconds(1), 1);
        IterationParams measurement = new IterationParams(IterationType.MEASUREMENT, 1, TimeValue.seconds(1), 1);

        BenchmarkParams benchmark = benchmark(warmup, measurement);

        profiler.beforeIteration(benchmark, warmup);
        Work.burnCpu(TimeUnit.MILLISECONDS.toNanos(300));
        assertEquals(List.of(), List.copyOf(profiler.afterIteration(benchmark, warmup, iteration(warmup, 1000))));

        profiler.beforeIteration(benchmark, measurement);
        Work.burnCpu(TimeUnit.MILLISECONDS.toNanos(300));
        Map<String, Result<?>> results = byLabel(
                profiler.afterIteration(benchmark, measurement, iteration(measurement, 1000)));

        Result<?> perOp = results.get("\u00b7energy");
        Result<?> power = results.get("\u00b7power");
        Result<?> total = null;
        for (Map.Entry<String, Result<?>> e : results.entrySet()) {
            if (e.getKey().matches("\u00b7energy\\.total\\.(measured|estimated)\\(.+:.+\\)")) {
                total = e.getValue();
            }
        }
        assertTrue(total != null, results.keySet().toString());
        assertEquals(3, results.size(), results.keySet().toString());
        assertEquals("uJ/op", perOp.getScoreUnit());
        assertEquals("W", power.getScoreUnit());
        assertEquals("J", total.getScoreUnit());
        assertTrue(total.getScore() > 0, "no energy for 300 ms of CPU: " + total.getScore());
        assertEquals(total.getScore() * 1e6 / 1000, perOp.getScore(), total.getScore() * 1e-6,
                "J/op is the iteration's joules over its operations");
        // the iteration lasted at least the 300 ms of CPU time it burned
        assertTrue(power.getScore() > 0 && power.getScore() <= total.getScore() / 0.3 * 1.001,
                power.getScore() + " W for " + total.getScore() + " J");
    }

    private static IterationResult iteration(IterationParams params, long ops) {
        return new IterationResult(null, params, new IterationResultMetaData(ops, ops));
    }

    /** What JMH hands a profiler in a fork of one thread running {@code Work} in average-time mode. */
    private static BenchmarkParams benchmark(IterationParams warmup, IterationParams measurement) {
        return new BenchmarkParams("io.github.energy4j.jmh.WorkBenchmark.work", "generated", true, 1, new int[] {1},
                List.of(), 1, 0, warmup, measurement, Mode.AverageTime, null, TimeUnit.MICROSECONDS, 1, "java",
                List.of(), "17", "OpenJDK", "17", "1.37", TimeValue.minutes(10));
    }

    private static Map<String, Result<?>> byLabel(Collection<? extends Result<?>> results) {
        Map<String, Result<?>> m = new HashMap<>();
        for (Result<?> r : results) {
            m.put(r.getLabel(), r);
        }
        return m;
    }
}
