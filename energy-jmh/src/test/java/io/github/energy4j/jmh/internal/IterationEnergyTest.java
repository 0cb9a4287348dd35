package io.github.energy4j.jmh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.Provenance;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.ZoneJoules;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.Zone;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IterationEnergyTest {

    private static final int SELF = 4242;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldPriceThisProcessPerOperationAndPerSecond() {
        Mark start = mark(0, 0, snapshot(List.of(model(10)), process(SELF, 2), process(7, 1)));
        Mark end = mark(2 * SECOND, 0, snapshot(List.of(model(20)), process(SELF, 6), process(7, 5)));

        IterationEnergy e = IterationEnergy.between(start, end, 1000, SELF);

        assertEquals(4, e.joules(), 1e-12);
        assertEquals(0.004, e.joulesPerOp(), 1e-15);
        assertEquals(2, e.watts(), 1e-12);
        assertEquals(Provenance.ESTIMATED, e.provenance());
        assertEquals("estimated(model:cpu-model)", e.provenanceTag());
        assertEquals("", e.problem());
    }

    @Test
    void shouldNameThePrimaryZonesOfEachSourceOnly() {
        List<ZoneEnergy> zones = List.of(rapl("package-0", Zone.Domain.PACKAGE, true, 100),
                rapl("core-0", Zone.Domain.CORE, false, 80), rapl("dram-0", Zone.Domain.DRAM, true, 10));
        List<ZoneEnergy> later = List.of(rapl("package-0", Zone.Domain.PACKAGE, true, 130),
                rapl("core-0", Zone.Domain.CORE, false, 100), rapl("dram-0", Zone.Domain.DRAM, true, 13));

        IterationEnergy e = IterationEnergy.between(mark(0, 0, snapshot(zones, process(SELF, 1))),
                mark(SECOND, 0, snapshot(later, process(SELF, 9))), 8, SELF);

        assertEquals("measured(rapl:package-0,dram-0)", e.provenanceTag());
        assertEquals(1, e.joulesPerOp(), 1e-12);
    }

    @Test
    void shouldBeNaNAndSaySoWhenThisProcessIsNotMetered() {
        IterationEnergy e = IterationEnergy.between(mark(0, 0, snapshot(List.of(model(1)), process(7, 1))),
                mark(SECOND, 0, snapshot(List.of(model(2)), process(7, 2))), 10, SELF);

        assertUnavailable(e, "is not in the proc root");
    }

    @Test
    void shouldBeNaNAndSaySoWithoutAPrimaryZone() {
        List<ZoneEnergy> overlapOnly = List.of(rapl("core-0", Zone.Domain.CORE, false, 1));
        IterationEnergy e = IterationEnergy.between(mark(0, 0, snapshot(overlapOnly, process(SELF, 0))),
                mark(SECOND, 0, snapshot(overlapOnly, process(SELF, 0))), 10, SELF);

        assertUnavailable(e, "no source prices CPU energy");
    }

    @Test
    void shouldBeNaNAndNameTheZoneWhenAReadingFailedDuringTheIteration() {
        ZoneEnergy failing = new ZoneEnergy("package-0", 0, Zone.Domain.PACKAGE, "rapl", false, true, 5, 5, 0, 0,
                Double.NaN, Double.NaN, "unreadable: energy_uj: Permission denied");
        Mark start = new Mark(snapshot(List.of(rapl("package-0", Zone.Domain.PACKAGE, true, 1)), process(SELF, 0)),
                0, 3, 3, "");
        Mark end = new Mark(snapshot(List.of(failing), process(SELF, 1)), SECOND, 3, 4, "");

        assertUnavailable(IterationEnergy.between(start, end, 10, SELF), "rapl:package-0 unreadable: energy_uj");
    }

    @Test
    void shouldCarryTheReasonWhenNoSampleCouldBeTaken() {
        Mark start = Mark.unavailable("this host cannot be metered: procfs root /proc is not a directory");

        IterationEnergy e = IterationEnergy.between(start, start, 10, SELF);

        assertUnavailable(e, "procfs root /proc is not a directory");
    }

    @Test
    void shouldGiveNoEnergyPerOperationForAnIterationWithoutOperations() {
        IterationEnergy e = IterationEnergy.between(mark(0, 0, snapshot(List.of(model(1)), process(SELF, 1))),
                mark(SECOND, 0, snapshot(List.of(model(3)), process(SELF, 2))), 0, SELF);

        assertEquals(1, e.joules(), 1e-12);
        assertTrue(Double.isNaN(e.joulesPerOp()));
    }

    @Test
    void shouldNeedNoNoteForAnOrdinaryIteration() {
        assertEquals(List.of(), energy(SECOND).notes(true, SECOND));
    }

    @Test
    void shouldNoteAnIterationTooShortForTheCpuClock() {
        List<IterationEnergy.Note> notes = energy(SECOND / 20).notes(true, SECOND / 20);

        assertEquals(1, notes.size(), notes.toString());
        assertEquals("short", notes.get(0).kind());
        assertTrue(notes.get(0).text().contains("50.0 ms are short"), notes.get(0).text());
    }

    @Test
    void shouldNoteAWindowMuchLongerThanATimedIterationButNotASingleShot() {
        List<IterationEnergy.Note> notes = energy(5 * SECOND).notes(true, 2 * SECOND);

        assertEquals(List.of("long"), notes.stream().map(IterationEnergy.Note::kind).toList());
        assertTrue(notes.get(0).text().contains("lasted 5.0 s for 2.0 s of measurement"), notes.get(0).text());
        assertEquals(List.of(), energy(5 * SECOND).notes(false, 2 * SECOND));
    }

    @Test
    void shouldNotNoteATimedIterationStretchedByItsLastLongOperation() {
        // one operation of 5 s in an iteration of 0.3 s: JMH lets the operation finish
        IterationEnergy e = IterationEnergy.between(mark(0, 0, snapshot(List.of(model(1)), process(SELF, 1))),
                mark(5 * SECOND, 0, snapshot(List.of(model(9)), process(SELF, 6))), 1, SELF);

        assertEquals(List.of(), e.notes(true, 3 * SECOND / 10));
    }

    @Test
    void shouldNoteWhyAFigureIsUnavailableUnderTheReasonAsItsKind() {
        IterationEnergy e = IterationEnergy.between(Mark.unavailable("no proc"), Mark.unavailable("no proc"), 1, SELF);

        assertEquals(List.of(new IterationEnergy.Note("no proc", "no energy figure for this iteration (NaN): no proc")),
                e.notes(true, SECOND));
    }

    private static IterationEnergy energy(long nanos) {
        return IterationEnergy.between(mark(0, 0, snapshot(List.of(model(1)), process(SELF, 1))),
                mark(nanos, 0, snapshot(List.of(model(3)), process(SELF, 2))), 100, SELF);
    }

    private static void assertUnavailable(IterationEnergy e, String why) {
        assertTrue(Double.isNaN(e.joules()) && Double.isNaN(e.joulesPerOp()) && Double.isNaN(e.watts()),
                e.toString());
        assertEquals(Provenance.UNAVAILABLE, e.provenance());
        assertEquals("unavailable", e.provenanceTag());
        assertTrue(e.problem().contains(why), e.problem());
    }

    private static Mark mark(long nanoTime, long failedReadings, EnergySnapshot s) {
        return new Mark(s, nanoTime, failedReadings, failedReadings, "");
    }

    private static EnergySnapshot snapshot(List<ZoneEnergy> zones, ProcessEnergy... processes) {
        return new EnergySnapshot(Instant.EPOCH, Duration.ZERO, 0, zones, List.of(processes), List.of(), 0,
                List.of(), "");
    }

    private static ZoneEnergy model(double joules) {
        return new ZoneEnergy("cpu-model", 0, Zone.Domain.CPU_MODEL, "model", true, true, joules, joules, 0, 0,
                Double.NaN, Double.NaN, "");
    }

    private static ZoneEnergy rapl(String name, Zone.Domain domain, boolean primary, double joules) {
        return new ZoneEnergy(name, 0, domain, "rapl", false, primary, joules, joules, 0, 0, Double.NaN, Double.NaN,
                "");
    }

    private static ProcessEnergy process(int pid, double joules) {
        return new ProcessEnergy(pid, 100, "java", Workload.HOST, joules, ZoneJoules.of(joules), Duration.ofMillis(0), Double.NaN,
                false);
    }
}
