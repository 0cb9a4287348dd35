package io.github.energy4j.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs real JMH benchmarks, each in a forked JVM, with the profiler: what a benchmark project gets from
 * {@code -prof io.github.energy4j.jmh.EnergyProfiler}.
 */
class EnergyProfilerIT {

    private static final String ENERGY = "\u00b7energy";
    private static final String POWER = "\u00b7power";
    private static final String TOTAL = "\u00b7energy.total.";
    private static final Pattern PROVENANCE = Pattern.compile(
            Pattern.quote(TOTAL) + "(measured|estimated)\\([a-z0-9-]+:[^)]+\\)");

    @Test
    void shouldReportAboutFourTimesTheJoulesPerOperationForFourTimesTheWorkInEveryTimedMode() throws RunnerException {
        Collection<RunResult> results = new Runner(options(WorkBenchmark.class)
                .param("units", "1", "4")
                .mode(Mode.AverageTime).mode(Mode.Throughput).mode(Mode.SampleTime)
                .build(), new RecordingOutput()).run();

        assertEquals(6, results.size(), "three modes × two work sizes");
        for (Mode mode : List.of(Mode.AverageTime, Mode.Throughput, Mode.SampleTime)) {
            assertFourTimesTheEnergy(results, mode);
        }
    }

    @Test
    void shouldReportJoulesPerBatchInSingleShotMode() throws RunnerException {
        // JMH counts one single-shot operation per iteration: the batch of 8000 calls (its score is the batch's
        // time); 8000 work units take about 150 ms here, well above the 10 ms ticks of the CPU-time clock
        Collection<RunResult> results = new Runner(options(WorkBenchmark.class)
                .param("units", "1", "4")
                .mode(Mode.SingleShotTime)
                .warmupBatchSize(8000).measurementBatchSize(8000)
                .build(), new RecordingOutput()).run();

        assertEquals(2, results.size());
        assertFourTimesTheEnergy(results, Mode.SingleShotTime);
    }

    @Test
    void shouldMeterMeasurementIterationsOnlyNotWarmUp() throws RunnerException {
        RecordingOutput output = new RecordingOutput();
        Collection<RunResult> results = new Runner(options(ExpensiveWarmupBenchmark.class)
                .mode(Mode.AverageTime)
                .warmupIterations(2)
                .build(), output).run();

        assertEquals(1, results.size());
        assertEnergyResults(results.iterator().next());
        List<Double> measured = new ArrayList<>();
        int warmups = 0;
        for (RecordingOutput.Iteration it : output.iterations()) {
            if (it.type() == IterationType.WARMUP) {
                warmups++;
                for (String label : it.secondary().keySet()) {
                    assertFalse(label.startsWith(ENERGY) || label.startsWith(POWER),
                            "warm-up iteration " + it.index() + " has an energy result: " + label);
                }
            } else {
                Double energy = it.secondary().get(ENERGY);
                assertTrue(energy != null && energy > 0,
                        "measurement iteration " + it.index() + " has no energy: " + it.secondary().keySet());
                measured.add(energy);
            }
        }
        assertEquals(2, warmups);
        assertEquals(3, measured.size());
        // each warm-up iteration burned one extra CPU-second after its 0.3 s; had any of it leaked into the
        // first measured iteration (0.5 s of work) its J/op would be about three times the others'
        double others = (measured.get(1) + measured.get(2)) / 2;
        System.out.printf("warm-up exclusion: J/op per measured iteration %s%n", measured);
        assertTrue(measured.get(0) < 1.5 * others,
                "first measured iteration " + measured.get(0) + " J/op vs " + others + " J/op for the next ones");
    }

    @Test
    void shouldFailTheBenchmarkWithTheReasonWhenAForcedSourceCannotBeUsed() {
        RecordingOutput output = new RecordingOutput();
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(Pattern.quote(WorkBenchmark.class.getName() + ".work"))
                .forks(1).warmupIterations(0)
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(100))
                .addProfiler(EnergyProfiler.class, "sources=no-such-source")
                .shouldFailOnError(true);

        assertThrows(RunnerException.class, () -> new Runner(options.build(), output).run());
        String text = output.text();
        assertTrue(text.contains("sources=no-such-source") && text.contains("unknown source 'no-such-source'")
                && text.contains("leave the option out"), text);
    }

    private static ChainedOptionsBuilder options(Class<?> benchmark) {
        return new OptionsBuilder()
                .include(Pattern.quote(benchmark.getName() + ".work"))
                .forks(1)
                .warmupIterations(1).warmupTime(TimeValue.milliseconds(300))
                .measurementIterations(3).measurementTime(TimeValue.milliseconds(500))
                .timeUnit(TimeUnit.MICROSECONDS)
                .addProfiler(EnergyProfiler.class)
                .shouldFailOnError(true);
    }

    private static void assertFourTimesTheEnergy(Collection<RunResult> results, Mode mode) {
        RunResult one = find(results, mode, "1");
        RunResult four = find(results, mode, "4");
        assertEnergyResults(one);
        assertEnergyResults(four);
        double ratio = joulesPerOp(four) / joulesPerOp(one);
        System.out.printf("%s: %.4g J/op for 1 unit, %.4g J/op for 4 units, ratio %.2f (%s)%n", mode.shortLabel(),
                joulesPerOp(one), joulesPerOp(four), ratio, provenance(one));
        assertTrue(ratio >= 2.5 && ratio <= 6, mode + ": 4x the work gave " + ratio + "x the joules per operation");
    }

    /** Every result is there, finite and positive, and J/op ÷ W is the time per operation JMH measured. */
    private static void assertEnergyResults(RunResult r) {
        String where = r.getParams().getBenchmark() + " " + r.getParams().getMode() + " "
                + r.getSecondaryResults().keySet();
        Result<?> energy = r.getSecondaryResults().get(ENERGY);
        Result<?> power = r.getSecondaryResults().get(POWER);
        assertTrue(energy != null && "J/op".equals(energy.getScoreUnit()) && energy.getScore() > 0, where);
        assertTrue(power != null && "W".equals(power.getScoreUnit()) && power.getScore() > 0, where);
        String label = provenance(r);
        assertTrue(PROVENANCE.matcher(label).matches(), where);
        assertEquals("J", r.getSecondaryResults().get(label).getScoreUnit(), where);
        double secondsPerOp = energy.getScore() / power.getScore();
        double scored = secondsPerOp(r);
        assertTrue(secondsPerOp > 0.7 * scored && secondsPerOp < 1.5 * scored,
                where + ": J/op over W gives " + secondsPerOp + " s/op, JMH measured " + scored + " s/op");
    }

    private static double secondsPerOp(RunResult r) {
        double score = r.getPrimaryResult().getScore();
        double unit = 1e-6; // the options' time unit, microseconds
        return r.getParams().getMode() == Mode.Throughput ? unit / score : score * unit;
    }

    private static String provenance(RunResult r) {
        for (String label : r.getSecondaryResults().keySet()) {
            if (label.startsWith(TOTAL)) {
                return label;
            }
        }
        return "no " + TOTAL + " result";
    }

    private static double joulesPerOp(RunResult r) {
        return r.getSecondaryResults().get(ENERGY).getScore();
    }

    private static RunResult find(Collection<RunResult> results, Mode mode, String units) {
        for (RunResult r : results) {
            if (r.getParams().getMode() == mode && units.equals(r.getParams().getParam("units"))) {
                return r;
            }
        }
        throw new AssertionError("no result for mode " + mode + " and units=" + units + " among " + results.size());
    }
}
