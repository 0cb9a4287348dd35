package io.github.energy4j.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowAttributionTest {

    private static final long PERIOD = 10_000_000L;
    private static final double EPS = 1e-9;

    private static WindowAttribution.Result attribute(SampleFixture f, NodeEnergy out) {
        return WindowAttribution.attribute(f.window, PERIOD, f.pseudo, out);
    }

    @Test
    void shouldSplitAWindowByThreadCpuTimeThenEquallyOverEachThreadsSamples() {
        SampleFixture f = SampleFixture.load("two-threads.txt");
        NodeEnergy out = new NodeEnergy();
        WindowAttribution.Result r = attribute(f, out);
        assertEquals(4.0, out.joules(f.node("main;work;parse")), EPS);
        assertEquals(2.0, out.joules(f.node("main;work;encode")), EPS);
        assertEquals(1.5, out.joules(f.node("pool;send")), EPS);
        assertEquals(0.5, out.joules(f.node("pool;compress")), EPS);
        assertEquals(2.0, out.joules(f.pseudo.jvm()), EPS, "process CPU no Java thread accounts for");
        assertEquals(0.0, out.joules(f.pseudo.unsampled()), EPS);
        assertEquals(2, out.samples(f.node("main;work;parse")));
        assertEquals(3, out.samples(f.node("pool;send")));
        assertEquals(new WindowAttribution.Result(10.0, 7, 800_000_000L, 1_000_000_000L, true), r);
    }

    @Test
    void shouldSplitTheCarriersCpuTimeOverTheVirtualThreadsSamples() {
        SampleFixture f = SampleFixture.load("virtual-threads.txt");
        NodeEnergy out = new NodeEnergy();
        WindowAttribution.Result r = attribute(f, out);
        assertEquals(3.0, out.joules(f.node("run;handle;query")), EPS);
        assertEquals(1.0, out.joules(f.node("scheduler;scan")), EPS, "a carrier's own sample shares the carriers' time");
        assertEquals(4.0, out.joules(f.node("main;loop")), EPS);
        assertEquals(0.0, out.joules(f.pseudo.jvm()), EPS);
        assertEquals(5, r.samples());
        assertEquals(800_000_000L, r.sampledCpuNanos());
    }

    @Test
    void shouldUseNativeSamplesOnlyForThreadsWithoutExecutionSamplesAndGiveBlockedThreadsNothing() {
        SampleFixture f = SampleFixture.load("native-and-blocked.txt");
        NodeEnergy out = new NodeEnergy();
        WindowAttribution.Result r = attribute(f, out);
        assertEquals(3.0, out.joules(f.node("main;compute")), EPS);
        assertEquals(0.0, out.joules(f.node("main;io;write0")), EPS, "the thread's execution samples carry its energy");
        assertEquals(3.0, out.joules(f.node("zip;deflateBytes")), EPS);
        assertEquals(0.0, out.joules(f.node("server;accept;socketAccept")), EPS, "blocked: no CPU time, no energy");
        assertEquals(0, out.samples(f.node("server;accept;socketAccept")));
        assertEquals(3, r.samples(), "samples that carried energy");
        assertEquals(0.0, out.joules(f.pseudo.unsampled()), EPS);
    }

    @Test
    void shouldEstimateEndedThreadsAndChargeUnsampledThreadsTheProfilerAndTheJvmToPseudoFrames() {
        SampleFixture f = SampleFixture.load("ended-unsampled-profiler.txt");
        NodeEnergy out = new NodeEnergy();
        WindowAttribution.Result r = attribute(f, out);
        assertEquals(4.0, out.joules(f.node("a;b")), EPS);
        assertEquals(2.0, out.joules(f.node("a;c")), EPS);
        assertEquals(4.0, out.joules(f.node("t;u")), EPS, "200 ms estimated from its 2 samples at 100 ms each");
        assertEquals(2.0, out.joules(f.pseudo.unsampled()), EPS);
        assertEquals(1.0, out.joules(f.pseudo.profiler()), EPS);
        assertEquals(7.0, out.joules(f.pseudo.jvm()), EPS);
        assertEquals(0.0, out.joules(f.node("jfr;parse")), EPS, "the profiler's samples name no method");
        assertEquals(5, r.samples());
        assertEquals(500_000_000L, r.sampledCpuNanos());
        assertEquals(1_000_000_000L, r.cpuNanos());
    }

    @Test
    void shouldDivideByTheThreadsSumWhenItRunsAheadOfTheProcessClock() {
        SampleFixture f = SampleFixture.parse("energy 9\nprocess-cpu 500ms\nthread 1 app 600ms\nthread 2 app 300ms\n"
                + "sample 1 a\nsample 2 b\n");
        NodeEnergy out = new NodeEnergy();
        WindowAttribution.Result r = attribute(f, out);
        assertEquals(6.0, out.joules(f.node("a")), EPS);
        assertEquals(3.0, out.joules(f.node("b")), EPS);
        assertEquals(0.0, out.joules(f.pseudo.jvm()), EPS);
        assertEquals(900_000_000L, r.cpuNanos());
    }

    @Test
    void shouldAttributeNothingAndSaySoWhenTheWindowHasNoEnergyFigure() {
        SampleFixture f = SampleFixture.parse("energy NaN\nprocess-cpu 100ms\nthread 1 app 100ms\nsample 1 a\n");
        NodeEnergy out = new NodeEnergy();
        WindowAttribution.Result r = attribute(f, out);
        assertFalse(r.priced());
        assertEquals(0.0, r.joules(), 0);
        assertEquals(0.0, out.joules(f.node("a")), 0);
    }

    @Test
    void shouldGiveTheJvmFrameTheEnergyOfAWindowWithoutAnyCpuTime() {
        SampleFixture f = SampleFixture.parse("energy 0.5\nprocess-cpu 0ms\n");
        NodeEnergy out = new NodeEnergy();
        assertEquals(0.5, attribute(f, out).joules(), EPS);
        assertEquals(0.5, out.joules(f.pseudo.jvm()), EPS);
    }

    @Test
    void shouldRefuseAWindowThatIsStillOpen() {
        CallTree tree = new CallTree();
        assertThrows(IllegalStateException.class, () -> WindowAttribution.attribute(new Window(0), PERIOD,
                WindowAttribution.Pseudo.in(tree), new NodeEnergy()));
    }

    /** Property: whatever the threads, clocks and samples, the nodes receive exactly the window's energy. */
    @Test
    void shouldConserveEveryWindowsEnergyOverRandomWindows() {
        Random rnd = new Random(20_240_611L);
        for (int run = 0; run < 2000; run++) {
            CallTree tree = new CallTree();
            WindowAttribution.Pseudo pseudo = WindowAttribution.Pseudo.in(tree);
            Window w = new Window(0);
            ThreadCpu threads = new ThreadCpu();
            int nThreads = rnd.nextInt(6);
            long sum = 0;
            for (int t = 0; t < nThreads; t++) {
                long cpu = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(500_000_000);
                byte kind = (byte) rnd.nextInt(3);
                threads.add(t, cpu, kind);
                sum += cpu;
            }
            int nSamples = rnd.nextInt(40);
            for (int s = 0; s < nSamples; s++) {
                long thread = rnd.nextInt(nThreads + 3); // some threads are not in the table (ended)
                byte flags = (byte) rnd.nextInt(4);
                int leaf = tree.path(List.of("f" + rnd.nextInt(3), "g" + rnd.nextInt(4)));
                w.add(thread, leaf, flags);
            }
            double energy = rnd.nextInt(10) == 0 ? 0 : rnd.nextDouble() * 100;
            long processCpu = rnd.nextBoolean() ? sum + rnd.nextInt(200_000_000) : (long) (sum * rnd.nextDouble());
            w.close(1, energy, Double.NaN, processCpu, threads);
            NodeEnergy out = new NodeEnergy();
            WindowAttribution.Result r = WindowAttribution.attribute(w, PERIOD, pseudo, out);
            double total = 0;
            long samples = 0;
            for (int node = 0; node < tree.size(); node++) {
                assertTrue(out.joules(node) >= 0, "no node gets negative energy (run " + run + ")");
                total += out.joules(node);
                samples += out.samples(node);
            }
            assertEquals(energy, total, 1e-9 * Math.max(1, energy), "run " + run);
            assertEquals(energy, r.joules(), 0, "run " + run);
            assertEquals(r.samples(), samples, "run " + run);
            assertTrue(r.sampledCpuNanos() <= r.cpuNanos() + 1, "run " + run);
        }
    }
}
