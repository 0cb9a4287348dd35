package io.github.energy4j.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.ZoneJoules;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.Zone;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandEnergyTest {

    @TempDir
    Path tmp;

    private static final int ROOT = 100;

    /** package-0 over the window: 10 J, 4 J of it active, 5 g; gpu-0: 3 J active, none of it the command's. */
    private static EnergySnapshot end(boolean estimated, List<ProcessEnergy> processes) {
        ZoneEnergy pkg = new ZoneEnergy(estimated ? "cpu-model" : "package-0", 0,
                estimated ? Zone.Domain.CPU_MODEL : Zone.Domain.PACKAGE, estimated ? "model" : "rapl", estimated, true,
                10, 4, 6, 4, Double.NaN, 5, "");
        ZoneEnergy gpu = new ZoneEnergy("gpu-0", 0, Zone.Domain.GPU, "nvml", false, true, 3, 3, 0, 3, Double.NaN, 1.5,
                "");
        return new EnergySnapshot(Instant.EPOCH, Duration.ofMillis(60), 1, List.of(pkg, gpu), processes, List.of(), 0,
                List.of(), "fixed 500 g/kWh");
    }

    private static EnergySnapshot start() {
        return new EnergySnapshot(Instant.EPOCH, Duration.ZERO, 0, List.of(), List.of(), List.of(), 0, List.of(),
                "fixed 500 g/kWh");
    }

    /** The command, seen by the samples with {@code cpuSeconds} and 2 J of package-0, 0.2 J of gpu-0. */
    private static ProcessEnergy root(double cpuSeconds) {
        return new ProcessEnergy(ROOT, 50, "sh", Workload.HOST, 2.2, ZoneJoules.of(2, 0.2), Duration.ofNanos(Math.round((cpuSeconds) * 1e9)), 1.1, false);
    }

    private ProcessTree tree(List<ProcessEnergy> seen) {
        ProcessTree t = new ProcessTree(tmp, ROOT);
        t.update(seen);
        return t;
    }

    @Test
    void shouldPriceTheCpuTimeOfACommandTheSamplesNeverSawAtTheActiveJoulesPerBusySecondOfTheRun() {
        CommandEnergy e = CommandEnergy.of(start(), end(false, List.of()), tree(List.of()), 0.05, 0.2);
        assertEquals(1, e.processes(), "the command ran");
        assertEquals(0.05, e.cpuSeconds(), 1e-12);
        assertEquals(0.05 * 4 / 0.2, e.cpuJoules(), 1e-12);
        assertEquals(0, e.gpuJoules(), "GPU energy is not priced by CPU time");
        assertEquals(e.cpuJoules(), e.joules(), 0);
        assertEquals(Map.of("package-0", 1.0), e.zoneJoules());
        assertEquals(1.0 * 5 / 10, e.carbonGrams(), 1e-12, "the zone's grams per joule");
        assertFalse(e.estimated());
        assertEquals(13, e.nodeJoules(), 1e-12);
    }

    @Test
    void shouldSayEstimatedWhenTheCpuZoneIsAModel() {
        CommandEnergy e = CommandEnergy.of(start(), end(true, List.of()), tree(List.of()), 0.05, 0.2);
        assertTrue(e.estimated());
        assertEquals(Map.of("cpu-model", 1.0), e.zoneJoules());
    }

    @Test
    void shouldAddOnlyTheCpuTimeTheSamplesMissedToWhatTheyAttributed() {
        List<ProcessEnergy> seen = List.of(root(0.3));
        CommandEnergy e = CommandEnergy.of(start(), end(false, seen), tree(seen), 0.5, 1.0);
        assertEquals(1, e.processes());
        assertEquals(0.5, e.cpuSeconds(), 1e-12);
        assertEquals(2 + 0.2 * 4 / 1.0, e.cpuJoules(), 1e-12);
        assertEquals(0.2, e.gpuJoules(), 1e-12);
        assertEquals(2.8, e.zoneJoules().get("package-0"), 1e-12);
        assertEquals(1.1 + 0.8 * 5 / 10, e.carbonGrams(), 1e-12);
    }

    @Test
    void shouldKeepWhatTheSamplesSawWhenTheReapedTimeIsSmallerOrUnknown() {
        // an orphan's CPU time is seen by the samples but never reaped within the tree
        List<ProcessEnergy> seen = List.of(root(0.3));
        for (double reaped : new double[] {0.1, Double.NaN}) {
            CommandEnergy e = CommandEnergy.of(start(), end(false, seen), tree(seen), reaped, 1.0);
            assertEquals(0.3, e.cpuSeconds(), 1e-12);
            assertEquals(2, e.cpuJoules(), 1e-12);
        }
    }

    @Test
    void shouldNeverPriceAboveTheActiveEnergyWhenTheProcRootShowsLessBusyTimeThanTheCommandUsed() {
        for (double busy : new double[] {0.01, 0, Double.NaN}) {
            CommandEnergy e = CommandEnergy.of(start(), end(false, List.of()), tree(List.of()), 0.05, busy);
            assertEquals(4, e.cpuJoules(), 1e-12, "busy " + busy);
        }
    }
}
