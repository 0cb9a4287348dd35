package io.github.energy4j.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.nvml.source.NvmlPowerSourceProvider;
import io.github.energy4j.testing.FakeProcfs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NVML answering errors in the middle of a run, through the whole meter: the stand-in library (real
 * JNA path) fails energy reads for a few samples while the GPU keeps drawing power, then answers
 * again. The zone total never goes down, the energy of the gap arrives with the next good reading, the
 * other GPU is unaffected, and the fault is named in the zone status and counted.
 */
class NvmlFaultInjectionTest {

    private static final double EPS = 1e-9;

    @TempDir
    Path tmp;

    private EnergyMeter meter(String scenario) throws Exception {
        FakeProcfs proc = FakeProcfs.create(tmp.resolve("proc")).cpuTicks(100, 0, 0, 100, 0, 0, 0, 0)
                .process(7, "trainer", 1, 0, 5);
        NvmlStub.context(tmp.resolve("nvml"), scenario); // selects the scenario for the next nvmlInit
        return EnergyMeter.builder().allProcesses(true).procfs(proc.root()).sysfs(tmp.resolve("sys")).workloadResolvers(false)
                .providers(List.of(new NvmlPowerSourceProvider()))
                .config(NvmlPowerSourceProvider.LIBRARY_KEY, NvmlStub.library().toString())
                .idlePolicy(IdlePolicy.none()).build();
    }

    private static EnergySnapshot sample(EnergyMeter m, double[] last) {
        m.sampleNow();
        EnergySnapshot s = m.snapshot();
        for (int z = 0; z < s.zones().size(); z++) {
            ZoneEnergy ze = s.zones().get(z);
            assertTrue(ze.joules() >= last[z] - EPS, ze.name() + " went down");
            last[z] = ze.joules();
            double procs = 0;
            for (ProcessEnergy p : s.processes()) {
                procs += p.zoneJoules().get(z);
            }
            assertEquals(ze.joules(), procs + ze.unattributedJoules() + ze.idleJoules(), EPS * Math.max(1, ze.joules()),
                    "conservation in " + ze.name());
        }
        return s;
    }

    /**
     * Reads of gpu-0: #1 at open, #2 the baseline sample, #3 good, #4..#6 fail, #7 good again. Every read
     * advances its counter by 250 mJ, failed ones included.
     */
    private void assertTransientFaultIsBridged(int rc, String name) throws Exception {
        try (EnergyMeter m = meter(NvmlStub.TWO_GPUS + "0.fail.from=4\n0.fail.count=3\n0.fail.rc=" + rc + "\n")) {
            double[] last = new double[2];
            sample(m, last); // #2
            assertEquals(0.25, sample(m, last).zones().get(0).joules(), EPS); // #3
            for (int i = 0; i < 3; i++) { // #4..#6
                EnergySnapshot s = sample(m, last);
                ZoneEnergy gpu0 = s.zones().get(0);
                assertEquals(0.25, gpu0.joules(), EPS, "no figure is invented while the GPU does not answer");
                assertTrue(gpu0.status().contains(name), gpu0.status());
                assertEquals("", s.zones().get(1).status(), "the other GPU is unaffected");
            }
            assertEquals(4.0, last[1], EPS, "gpu-1 counted 1 J per sample throughout");
            EnergySnapshot back = sample(m, last); // #7
            assertEquals("", back.zones().get(0).status(), "recovered without a restart");
            assertEquals(1.25, back.zones().get(0).joules(), EPS, "the gap's energy arrives with the next reading");
            assertEquals(3L, m.stats().zoneReadingsUnavailable());
            assertEquals(3L, m.stats().sourceErrors(), "one per failed sample, #4..#6");
            assertEquals(0L, m.stats().counterResets());
        }
    }

    @Test
    void shouldBridgeAGpuThatIsLostForAFewSamplesAndComesBack() throws Exception {
        assertTransientFaultIsBridged(15, "GPU_IS_LOST");
    }

    @Test
    void shouldBridgeEnergyReadsThatAreNotSupportedForAWhileMidRun() throws Exception {
        assertTransientFaultIsBridged(3, "NOT_SUPPORTED");
    }

    @Test
    void shouldKeepMeteringTheOtherGpuWhenOneIsLostForGood() throws Exception {
        try (EnergyMeter m = meter(NvmlStub.TWO_GPUS + "1.lost_after=3\n")) {
            double[] last = new double[2];
            for (int i = 0; i < 6; i++) {
                sample(m, last);
            }
            EnergySnapshot s = m.snapshot();
            assertTrue(s.zones().get(1).status().contains("GPU_IS_LOST"), s.zones().get(1).status());
            assertEquals(1.25, s.zones().get(0).joules(), EPS, "gpu-0: 5 intervals of 250 mJ");
            // gpu-1's reads #1 (open), #2 (baseline) and #3 answer; the samples reading #4..#7 do not
            assertEquals(4L, m.stats().zoneReadingsUnavailable());
        }
    }
}
