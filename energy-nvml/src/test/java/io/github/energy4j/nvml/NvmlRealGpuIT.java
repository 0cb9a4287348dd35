package io.github.energy4j.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.energy4j.nvml.analysis.GpuAnalysisConfig;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.nvml.analysis.GpuSampler;
import io.github.energy4j.nvml.analysis.GpuUsageAnalyzer;
import io.github.energy4j.nvml.source.NvmlPowerSourceProvider;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Against the real driver: runs only where {@code libnvidia-ml.so.1} loads and reports a GPU, and
 * compares the energy counter delta with {@code nvidia-smi --query-gpu=total_energy_consumption}
 * (millijoules) and the compute process list with {@code nvidia-smi --query-compute-apps}. Every
 * skip says which of these comparisons did not run and why.
 */
class NvmlRealGpuIT {

    @Test
    void shouldMatchNvidiaSmiEnergyDelta() throws Exception {
        NvmlPowerSourceProvider provider = new NvmlPowerSourceProvider();
        SourceContext host = SourceContext.host();
        Probe probe = provider.probe(host);
        assumeTrue(probe.available(), "energy not compared with nvidia-smi: no NVIDIA GPU/driver here: " + probe.reason());
        try (PowerSource source = provider.open(host)) {
            int n = source.zones().size();
            for (Zone z : source.zones()) {
                assumeTrue(z.kind() == Zone.Kind.ENERGY_COUNTER,
                        "energy not compared with nvidia-smi: " + z.name() + " is older than Volta (no energy counter)");
            }
            long[] before = new long[n];
            long[] after = new long[n];
            List<Long> smiBefore = nvidiaSmiEnergyMj();
            assertEquals(n, source.read(before));
            Thread.sleep(3000);
            assertEquals(n, source.read(after));
            List<Long> smiAfter = nvidiaSmiEnergyMj();
            assertEquals(n, smiBefore.size(), "nvidia-smi and NVML list the same GPUs");
            for (int i = 0; i < n; i++) {
                assertTrue(before[i] != PowerSource.UNAVAILABLE && after[i] != PowerSource.UNAVAILABLE, source.lastError());
                long ours = after[i] - before[i];
                long smi = smiAfter.get(i) - smiBefore.get(i);
                assertTrue(ours > 0, "gpu-" + i + " counter did not advance");
                // nvidia-smi's window brackets ours (3 s sleep plus its own start-up), so smi >= ours.
                double watts = ours / 1000.0 / 3.0;
                assertTrue(watts > 1 && watts < 2000, "gpu-" + i + " implausible " + watts + " W");
                assertTrue(Math.abs(ours - smi) <= Math.max(0.25 * smi, 2000),
                        "gpu-" + i + " ours " + ours + " mJ vs nvidia-smi " + smi + " mJ");
            }
        }
    }

    @Test
    void shouldListTheSameComputeProcessesAsNvidiaSmi() throws Exception {
        SourceContext host = SourceContext.host();
        Probe probe = new NvmlPowerSourceProvider().probe(host);
        assumeTrue(probe.available(), "process list not compared with nvidia-smi: no NVIDIA GPU/driver here: " + probe.reason());
        try (GpuSampler sampler = GpuSampler.open(NvmlPowerSourceProvider.library(host),
                new GpuUsageAnalyzer(GpuAnalysisConfig.defaults()))) {
            Set<String> smi = new TreeSet<>();
            for (String line : nvidiaSmi("--query-compute-apps=gpu_uuid,pid")) {
                String[] f = line.split(",");
                if (f.length == 2) { // older nvidia-smi print a "No running processes found" line instead
                    smi.add(f[0].trim() + "/" + f[1].trim());
                }
            }
            sampler.sample(System.nanoTime());
            Set<String> ours = new TreeSet<>();
            for (GpuUsageReport.ProcessUsage p : sampler.processes()) {
                for (GpuDevice d : sampler.devices()) {
                    if (d.index() == p.gpu()) {
                        ours.add(d.uuid() + "/" + p.pid());
                    }
                }
            }
            assertEquals(smi, ours, "compute processes (gpu uuid/pid) from NVML vs nvidia-smi");
        }
    }

    private static List<Long> nvidiaSmiEnergyMj() throws IOException, InterruptedException {
        List<Long> values = new ArrayList<>();
        for (String line : nvidiaSmi("--query-gpu=total_energy_consumption")) {
            try {
                values.add(Long.parseLong(line.trim()));
            } catch (NumberFormatException e) {
                fail("nvidia-smi gave no whole millijoule figure for total_energy_consumption: '" + line + "'");
            }
        }
        return values;
    }

    /** Non-blank output lines of {@code nvidia-smi QUERY --format=csv,noheader,nounits}. */
    private static List<String> nvidiaSmi(String query) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("nvidia-smi", query, "--format=csv,noheader,nounits")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "not compared with nvidia-smi: it cannot be started here (" + e.getMessage() + ")");
            throw e;
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
                "not compared with nvidia-smi: 'nvidia-smi " + query + "' failed: " + text.strip());
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
