package io.github.energy4j.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.ZoneDomain;
import io.github.energy4j.testing.FakeProcfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeplerNamingTest {

    @TempDir
    Path tmp;

    private static EnergySnapshot snap() {
        ZoneEnergy pkg = new ZoneEnergy("package-0", 0, ZoneDomain.PACKAGE, "rapl", false, true, 20, 12, 8, 0,
                Double.NaN, Double.NaN, "");
        ProcessEnergy p = new ProcessEnergy(300, 5, "nginx", Workload.HOST, 6, new double[] {6}, 2.5, Double.NaN,
                false);
        return new EnergySnapshot(Instant.EPOCH, Duration.ofSeconds(2), 1, List.of(pkg), List.of(p), List.of(), 0,
                List.of(), "");
    }

    private List<Series> emit(Set<MetricsLevel> levels) throws Exception {
        FakeProcfs.create(tmp).process(300, "nginx", 10, 0, 5);
        Files.createSymbolicLink(tmp.resolve("300/exe"), Path.of("/usr/sbin/nginx"));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "2.0.1");
        HostFacts host = new HostFacts(0.25, List.of(new CpuInfo("0", "AuthenticAMD", "AMD EPYC 7763", "0", "3")),
                BuildInfo.of(m), new ProcessExe(tmp));
        ExportFrame f = new FrameTracker(List.of("/sys/class/powercap/intel-rapl:0")).next(snap(), Map.of(), host);
        List<Series> out = new ArrayList<>();
        new KeplerNaming().emit(f, levels, out::add);
        return out;
    }

    private static List<Series> named(List<Series> all, String name) {
        List<Series> out = new ArrayList<>();
        for (Series s : all) {
            if (s.name().equals(name)) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void shouldEmitNodeCpuUsageRatioCpuInfoAndBuildInfoWithKeplersLabels() throws Exception {
        List<Series> all = emit(EnumSet.of(MetricsLevel.NODE));
        Series ratio = named(all, "kepler_node_cpu_usage_ratio").get(0);
        assertEquals(0.25, ratio.value());
        assertEquals(Map.of(), ratio.tags());
        assertTrue(!ratio.counter());

        List<Series> info = named(all, "kepler_node_cpu_info");
        assertEquals(1, info.size());
        assertEquals(Map.of("processor", "0", "vendor_id", "AuthenticAMD", "model_name", "AMD EPYC 7763",
                "physical_id", "0", "core_id", "3"), info.get(0).tags());
        assertEquals(1.0, info.get(0).value());

        Series build = named(all, "kepler_build_info").get(0);
        assertEquals(1.0, build.value());
        assertEquals("2.0.1", build.tags().get("version"));
        assertEquals("unknown", build.tags().get("revision"));
        assertEquals("unknown", build.tags().get("branch"));
        assertEquals("", build.tags().get("goversion"));
        assertEquals(BuildInfo.goArch(System.getProperty("os.arch")), build.tags().get("arch"));
        assertTrue(named(all, "kepler_process_cpu_joules").isEmpty(), "process series are opt-in");
    }

    @Test
    void shouldLabelProcessSeriesWithTheExecutableAndAnEmptyVmId() throws Exception {
        List<Series> all = emit(EnumSet.of(MetricsLevel.PROCESS));
        Series joules = named(all, "kepler_process_cpu_joules").get(0);
        assertEquals(Map.of("pid", "300", "comm", "nginx", "exe", "/usr/sbin/nginx", "type", "regular",
                "container_id", "", "vm_id", "", "state", "running", "zone", "package"), joules.tags());
        assertEquals(6.0, joules.value());
        Series watts = named(all, "kepler_process_cpu_watts").get(0);
        assertEquals(joules.tags(), watts.tags());
        assertEquals(3.0, watts.value(), 1e-12); // 6 J over the first 2 s
        Series seconds = named(all, "kepler_process_cpu_seconds").get(0);
        assertEquals(Map.of("pid", "300", "comm", "nginx", "exe", "/usr/sbin/nginx", "type", "regular",
                "container_id", "", "vm_id", ""), seconds.tags());
        assertEquals(2.5, seconds.value());
        assertTrue(named(all, "kepler_node_cpu_usage_ratio").isEmpty(), "node series are their own level");
    }
}
