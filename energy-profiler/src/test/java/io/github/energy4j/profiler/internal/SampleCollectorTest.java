package io.github.energy4j.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.Provenance;
import io.github.energy4j.profiler.internal.report.EnergyProfile;
import io.github.energy4j.profiler.internal.report.ProfileSummary;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleCollectorTest {

    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_700_000_000L * S;

    private static ThreadCpu threads(long id, long cpuNanos) {
        ThreadCpu t = new ThreadCpu();
        t.add(id, cpuNanos, ThreadCpu.APP);
        return t;
    }

    @Test
    void shouldPutEachSampleInTheWindowItsTimestampFallsInAndDropThoseBeforeTheStart() {
        SampleCollector c = new SampleCollector(10_000_000L);
        int a = c.tree().path(List.of("a"));
        int b = c.tree().path(List.of("b"));
        c.record(T0 - 1, 1, (byte) 0, a); // before begin: dropped
        c.begin(T0);
        c.record(T0 - 1, 1, (byte) 0, a); // before the start: dropped
        c.record(T0 + S / 2, 1, (byte) 0, a);
        c.closeWindow(T0 + S, 4.0, Double.NaN, S, threads(1, S));
        c.record(T0 + S, 1, (byte) 0, a); // the first window's last instant, delivered late
        c.record(T0 + S + 1, 1, (byte) 0, b);
        c.closeWindow(T0 + 2 * S, 6.0, Double.NaN, S, threads(1, S));
        c.settleAll();
        EnergyProfile p = c.profile(Provenance.ESTIMATED, Provenance.UNAVAILABLE, Duration.ofMillis(10),
                Duration.ofSeconds(1), 42, "app");
        assertEquals(4.0, p.selfJoules(a), 1e-12, "both of the first window's samples share its 4 J");
        assertEquals(2, p.selfSamples(a));
        assertEquals(6.0, p.selfJoules(b), 1e-12);
        ProfileSummary s = p.summary();
        assertEquals(10.0, s.joules(), 1e-12);
        assertEquals(3, s.samples());
        assertEquals(1.0, s.coverage(), 1e-12);
        assertEquals(2, s.windows());
        assertEquals(Duration.ofSeconds(2), s.duration());
        assertEquals(0, s.lateSamples());
        assertEquals(Provenance.ESTIMATED, s.provenance());
        assertTrue(Double.isNaN(s.gpuJoules()), "no GPU zone: not metered, not 0");
    }

    @Test
    void shouldSettleAWindowOnceASampleTakenWellAfterItsEndHasArrived() {
        SampleCollector c = new SampleCollector(10_000_000L);
        int a = c.tree().path(List.of("a"));
        c.begin(T0);
        c.record(T0 + S / 2, 1, (byte) 0, a);
        c.closeWindow(T0 + S, 1.0, Double.NaN, S, threads(1, S));
        c.record(T0 + S + SampleCollector.ORDER_SLACK_NANOS - 1, 1, (byte) 0, a);
        c.delivered();
        assertFalse(c.deliveredPast(T0 + S));
        c.settleDelivered(T0 + S + 2 * SampleCollector.ORDER_SLACK_NANOS);
        assertEquals(0, profile(c).summary().windows(), "a sample inside the slack does not prove delivery");
        c.record(T0 + S + SampleCollector.ORDER_SLACK_NANOS, 1, (byte) 0, a);
        c.delivered();
        assertTrue(c.deliveredPast(T0 + S));
        c.settleDelivered(T0 + S + 2 * SampleCollector.ORDER_SLACK_NANOS);
        assertEquals(1, profile(c).summary().windows());
        c.record(T0 + S / 3, 1, (byte) 0, a);
        assertEquals(1, c.lateSamples(), "its window is settled already");
    }

    @Test
    void shouldSettleAnIdleWindowAfterTheLongestDeliveryLag() {
        SampleCollector c = new SampleCollector(10_000_000L);
        c.begin(T0);
        c.closeWindow(T0 + S, 1.0, Double.NaN, 0, new ThreadCpu());
        c.settleDelivered(T0 + S + SampleCollector.MAX_DELIVERY_LAG_NANOS - 1);
        assertEquals(0, profile(c).summary().windows());
        c.settleDelivered(T0 + S + SampleCollector.MAX_DELIVERY_LAG_NANOS);
        assertEquals(1, profile(c).summary().windows());
        assertEquals(1.0, profile(c).summary().joules(), 1e-12);
    }

    @Test
    void shouldSayUnavailableWhenNoWindowHadAnEnergyFigureAndAddUpGpuEnergyBeside() {
        SampleCollector c = new SampleCollector(10_000_000L);
        c.begin(T0);
        c.closeWindow(T0 + S, Double.NaN, 2.5, S, threads(1, S));
        c.closeWindow(T0 + 2 * S, Double.NaN, 0.5, S, threads(1, S));
        c.settleAll();
        ProfileSummary s = profile(c).summary();
        assertEquals(Provenance.UNAVAILABLE, s.provenance());
        assertEquals(2, s.unpricedWindows());
        assertEquals(3.0, s.gpuJoules(), 1e-12);
    }

    @Test
    void shouldRefuseAWindowBeforeTheStart() {
        SampleCollector c = new SampleCollector(10_000_000L);
        assertThrows(IllegalStateException.class, () -> c.closeWindow(T0, 1, 0, 0, new ThreadCpu()));
    }

    private static EnergyProfile profile(SampleCollector c) {
        return c.profile(Provenance.MEASURED, Provenance.UNAVAILABLE, Duration.ofMillis(10), Duration.ofSeconds(1), 1,
                "app");
    }
}
