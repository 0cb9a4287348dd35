package io.github.energy4j.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.ZoneKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Against the real driver: runs only where {@code libnvidia-ml.so.1} loads and reports a GPU, and
 * compares the energy counter delta with {@code nvidia-smi --query-gpu=total_energy_consumption}.
 */
class NvmlRealGpuIT {

    @Test
    void shouldMatchNvidiaSmiEnergyDelta() throws Exception {
        NvmlPowerSourceProvider provider = new NvmlPowerSourceProvider();
        SourceContext host = SourceContext.host();
        Probe probe = provider.probe(host);
        assumeTrue(probe.available(), "no NVIDIA GPU/driver here: " + probe.reason());
        try (PowerSource source = provider.open(host)) {
            int n = source.zones().size();
            assumeTrue(source.zones().get(0).kind() == ZoneKind.ENERGY_COUNTER, "GPU older than Volta: no energy counter");
            long[] before = new long[n];
            long[] after = new long[n];
            List<Long> smiBefore = nvidiaSmiEnergyMj();
            assertEquals(n, source.read(before));
            Thread.sleep(3000);
            assertEquals(n, source.read(after));
            List<Long> smiAfter = nvidiaSmiEnergyMj();
            for (int i = 0; i < n; i++) {
                assertTrue(before[i] != PowerSource.UNAVAILABLE && after[i] != PowerSource.UNAVAILABLE, source.lastError());
                long ours = after[i] - before[i];
                long smi = smiAfter.get(i) - smiBefore.get(i);
                assertTrue(ours > 0, "gpu-" + i + " counter did not advance");
                // Both windows cover the same 3 s sleep; nvidia-smi's process start adds some slack.
                double watts = ours / 1000.0 / 3.0;
                assertTrue(watts > 1 && watts < 2000, "gpu-" + i + " implausible " + watts + " W");
                assertTrue(Math.abs(ours - smi) <= Math.max(0.25 * smi, 2000),
                        "gpu-" + i + " ours " + ours + " mJ vs nvidia-smi " + smi + " mJ");
            }
            int[] pids = new int[64];
            double[] weights = new double[64];
            int entries = ((NvmlPowerSource) source).readActivity(0, pids, weights);
            assertTrue(entries >= -1 && entries <= 64);
        }
    }

    private static List<Long> nvidiaSmiEnergyMj() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=total_energy_consumption",
                "--format=csv,noheader,nounits").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "nvidia-smi failed: " + text);
        List<Long> values = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                values.add(Long.parseLong(line.trim()));
            }
        }
        return values;
    }
}
