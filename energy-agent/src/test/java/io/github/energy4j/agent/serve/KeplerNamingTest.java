package io.github.energy4j.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.ZoneJoules;
import io.github.energy4j.agent.vm.VmProcesses;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.Zone;
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
        ZoneEnergy pkg = new ZoneEnergy("package-0", 0, Zone.Domain.PACKAGE, "rapl", false, true, 20, 12, 8, 0,
                Double.NaN, Double.NaN, "");
        ProcessEnergy p = new ProcessEnergy(300, 5, "nginx", Workload.HOST, 6, ZoneJoules.of(6), Duration.ofMillis(2500), Double.NaN,
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

    private static ZoneEnergy zone(String name, int index, Zone.Domain d, String source, double joules, double active,
                                   double watts) {
        return new ZoneEnergy(name, index, d, source, false, true, joules, active, joules - active, 0, watts,
                Double.NaN, "");
    }

    private static List<Series> emitAll(EnergySnapshot s, List<String> paths, HostFacts host, Set<MetricsLevel> l) {
        ExportFrame f = new FrameTracker(paths).next(s, Map.of(), host);
        List<Series> out = new ArrayList<>();
        new KeplerNaming().emit(f, l, out::add);
        return out;
    }

    @Test
    void shouldMakeOneNodeSeriesPerDomainAcrossSocketsWithKeplersAggregatedPath() {
        EnergySnapshot s = new EnergySnapshot(Instant.EPOCH, Duration.ofSeconds(2), 1, List.of(
                zone("package-0", 0, Zone.Domain.PACKAGE, "rapl", 20, 5, 10),
                zone("package-1", 1, Zone.Domain.PACKAGE, "rapl", 30, 10, 15),
                zone("core-0", 0, Zone.Domain.CORE, "rapl", 8, 2, 4),
                zone("dram-0", 0, Zone.Domain.DRAM, "rapl", 4, 1, 2),
                zone("dram-1", 1, Zone.Domain.DRAM, "rapl", 6, 3, 3)), List.of(), List.of(), 0, List.of(), "");
        List<String> paths = List.of("/sys/class/powercap/intel-rapl:0", "/sys/class/powercap/intel-rapl:1",
                "/sys/class/powercap/intel-rapl:0:0", "/sys/class/powercap/intel-rapl:0:1",
                "/sys/class/powercap/intel-rapl:1:1");
        List<Series> all = emitAll(s, paths, HostFacts.NONE, EnumSet.of(MetricsLevel.NODE));
        List<Series> joules = named(all, "kepler_node_cpu_joules");
        assertEquals(3, joules.size(), joules.toString());
        Map<String, Series> byZone = new java.util.HashMap<>();
        for (Series x : joules) {
            byZone.put(x.tags().get("zone"), x);
        }
        assertEquals(Map.of("zone", "package", "path", "aggregated-package"), byZone.get("package").tags());
        assertEquals(50.0, byZone.get("package").value());
        assertEquals(Map.of("zone", "core", "path", "/sys/class/powercap/intel-rapl:0:0"), byZone.get("core").tags());
        assertEquals(8.0, byZone.get("core").value());
        assertEquals(10.0, byZone.get("dram").value());
        Series active = named(all, "kepler_node_cpu_active_joules").stream()
                .filter(x -> x.tags().get("zone").equals("package")).findFirst().orElseThrow();
        assertEquals(15.0, active.value());
        Series idleWatts = named(all, "kepler_node_cpu_idle_watts").stream()
                .filter(x -> x.tags().get("zone").equals("package")).findFirst().orElseThrow();
        assertEquals((15 + 20) / 2.0, idleWatts.value(), 1e-12, "35 J idle in the first 2 s");
        Series watts = named(all, "kepler_node_cpu_watts").stream()
                .filter(x -> x.tags().get("zone").equals("package")).findFirst().orElseThrow();
        assertEquals(25.0, watts.value());
    }

    @Test
    void shouldLabelGpusAsKeplerDoesAndSumAProcesssGpusIntoOneSeriesWithoutZone() throws Exception {
        EnergySnapshot s = new EnergySnapshot(Instant.EPOCH, Duration.ofSeconds(2), 1, List.of(
                zone("package-0", 0, Zone.Domain.PACKAGE, "rapl", 20, 10, 10),
                zone("gpu-0", 0, Zone.Domain.GPU, "nvml", 200, 150, 100),
                zone("gpu-1", 1, Zone.Domain.GPU, "nvml", 100, 20, 50)), List.of(
                new ProcessEnergy(300, 5, "train", Workload.HOST, 66, ZoneJoules.of(6, 40, 20), Duration.ofMillis(2000), Double.NaN, false),
                new ProcessEnergy(301, 6, "sshd", Workload.HOST, 1, ZoneJoules.of(1, 0, 0), Duration.ofMillis(1000), Double.NaN, false)),
                List.of(), 0, List.of(), "");
        HostFacts host = new HostFacts(0.5, List.of(), BuildInfo.of(null), ProcessExe.NONE, Map.of(
                "gpu-0", new GpuInfo("0", "GPU-aaaa", "NVIDIA H100 80GB HBM3", "nvidia"),
                "gpu-1", new GpuInfo("1", "GPU-bbbb", "NVIDIA H100 80GB HBM3", "nvidia")), ContainerNames.NONE);
        List<Series> all = emitAll(s, List.of("/sys/class/powercap/intel-rapl:0", "gpu-0", "gpu-1"), host,
                EnumSet.of(MetricsLevel.NODE, MetricsLevel.PROCESS));

        List<Series> info = named(all, "kepler_node_gpu_info");
        assertEquals(2, info.size());
        assertTrue(info.stream().anyMatch(x -> x.tags().equals(Map.of("gpu", "1", "gpu_uuid", "GPU-bbbb",
                "gpu_name", "NVIDIA H100 80GB HBM3", "vendor", "nvidia")) && x.value() == 1), info.toString());
        Series w0 = named(all, "kepler_node_gpu_watts").stream().filter(x -> x.tags().get("gpu").equals("0"))
                .findFirst().orElseThrow();
        assertEquals(Map.of("gpu", "0", "gpu_uuid", "GPU-aaaa", "gpu_name", "NVIDIA H100 80GB HBM3",
                "vendor", "nvidia", "zone", "gpu", "path", "gpu-0"), w0.tags());
        assertEquals(100.0, w0.value());
        Series active0 = named(all, "kepler_node_gpu_active_watts").stream()
                .filter(x -> x.tags().get("gpu").equals("0")).findFirst().orElseThrow();
        assertEquals(75.0, active0.value(), 1e-12, "150 J active in the first 2 s");

        List<Series> procGpu = named(all, "kepler_process_gpu_watts");
        assertEquals(1, procGpu.size(), "only the process that used a GPU: " + procGpu);
        assertEquals(Map.of("pid", "300", "comm", "train", "exe", "", "type", "regular", "container_id", "",
                "vm_id", "", "state", "running"), procGpu.get(0).tags());
        assertEquals(30.0, procGpu.get(0).value(), 1e-12, "40 J + 20 J over 2 s, both GPUs in one series");
        assertEquals(60.0, named(all, "kepler_process_gpu_joules").get(0).value(), 1e-12);
        assertEquals(2, named(all, "kepler_process_cpu_joules").size(), "every process has its CPU series");
    }

    @Test
    void shouldLabelPlatformPowerWithKeplersBmcLabels() {
        ZoneEnergy redfish = zone("platform", 0, Zone.Domain.PLATFORM, "redfish", 900, 900, 450);
        assertEquals(Map.of("source", "redfish", "bmc_id", "10.0.0.5:8443", "chassis_id", "System.Embedded.1",
                        "power_control_id", "", "power_control_name", "platform"),
                KeplerNaming.platformLabels(redfish, "https://10.0.0.5:8443/redfish/v1/Chassis/System.Embedded.1"));
        ZoneEnergy ipmi = zone("platform", 0, Zone.Domain.PLATFORM, "ipmi", 900, 900, 450);
        assertEquals("bmc.example:623", KeplerNaming.platformLabels(ipmi, "bmc.example:623").get("bmc_id"));
        ZoneEnergy hwmon = zone("platform", 0, Zone.Domain.PLATFORM, "hwmon", 900, 900, 450);
        assertEquals("", KeplerNaming.platformLabels(hwmon, "/sys/class/hwmon/hwmon2").get("bmc_id"));

        EnergySnapshot s = new EnergySnapshot(Instant.EPOCH, Duration.ofSeconds(2), 1, List.of(redfish), List.of(),
                List.of(), 0, List.of(), "");
        List<Series> all = emitAll(s, List.of("https://bmc-1/redfish/v1/Chassis/1U"), HostFacts.NONE,
                EnumSet.of(MetricsLevel.NODE));
        Series w = named(all, "kepler_platform_watts").get(0);
        assertEquals(450.0, w.value());
        assertEquals("bmc-1", w.tags().get("bmc_id"));
        assertEquals("1U", w.tags().get("chassis_id"));
        assertTrue(named(all, "kepler_node_cpu_joules").isEmpty(), "wall power is no CPU zone");
    }

    @Test
    void shouldNameAContainerNoPodViewNamesFromItsProcesssHostname() throws Exception {
        Workload docker = new Workload("4f1c0ffee", "container", "", "", Map.of());
        FakeProcfs.create(tmp).process(300, "nginx", 10, 0, 5);
        Files.write(tmp.resolve("300/environ"), "PATH=/usr/bin\0HOSTNAME=4f1c0ffee123\0HOME=/root\0"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        EnergySnapshot s = new EnergySnapshot(Instant.EPOCH, Duration.ofSeconds(2), 1,
                List.of(zone("package-0", 0, Zone.Domain.PACKAGE, "rapl", 20, 10, 10)),
                List.of(new ProcessEnergy(300, 5, "nginx", docker, 4, ZoneJoules.of(4), Duration.ofMillis(2000), Double.NaN, false)),
                List.of(new io.github.energy4j.WorkloadEnergy(docker, 4, ZoneJoules.of(4), Double.NaN, true)), 0, List.of(),
                "");
        ContainerNames names = new ContainerNames(tmp);
        HostFacts host = new HostFacts(0.5, List.of(), BuildInfo.of(null), ProcessExe.NONE, Map.of(), names);
        List<Series> all = emitAll(s, List.of("/sys/class/powercap/intel-rapl:0"), host,
                EnumSet.of(MetricsLevel.CONTAINER));
        Series c = named(all, "kepler_container_cpu_joules").get(0);
        assertEquals("4f1c0ffee123", c.tags().get("container_name"));
        assertEquals("unknown", c.tags().get("runtime"), "a runtime nobody told is Kepler's unknown, not empty");
        assertEquals("", c.tags().get("pod_id"));
        emitAll(s, List.of("/sys/class/powercap/intel-rapl:0"), host, EnumSet.of(MetricsLevel.CONTAINER));
        assertEquals(1, names.reads(), "read once per container");
    }

    @Test
    void shouldSumAVmsProcessesIntoKeplersVmSeriesAndTypeThemVm() throws Exception {
        Workload pod = new Workload("c0ffee", "container", "containerd", "pod-1", Map.of());
        FakeProcfs.create(tmp).process(320, "qemu-system-x86", 10, 0, 5).process(321, "qemu-system-x86", 10, 0, 6)
                .process(330, "qemu-kvm", 10, 0, 7).process(340, "sshd", 1, 0, 8);
        byte[] vmA = "/usr/bin/qemu-system-x86_64\0-name\0guest=a\0-uuid\0uuid-a\0"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(tmp.resolve("320/cmdline"), vmA);
        Files.write(tmp.resolve("321/cmdline"), vmA); // a second process started with the same command line: the same VM
        Files.write(tmp.resolve("330/cmdline"), "/usr/libexec/qemu-kvm\0-name\0guest=kubevirt\0"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.write(tmp.resolve("340/cmdline"), "sshd\0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        EnergySnapshot s = new EnergySnapshot(Instant.EPOCH, Duration.ofSeconds(2), 1,
                List.of(zone("package-0", 0, Zone.Domain.PACKAGE, "rapl", 40, 20, 20),
                        zone("dram-0", 0, Zone.Domain.DRAM, "rapl", 8, 4, 4)),
                List.of(new ProcessEnergy(320, 5, "qemu-system-x86", Workload.HOST, 7, ZoneJoules.of(6, 1), Duration.ofMillis(2000),
                                Double.NaN, false),
                        new ProcessEnergy(321, 6, "qemu-system-x86", Workload.HOST, 3, ZoneJoules.of(2, 1), Duration.ofMillis(1000),
                                Double.NaN, true),
                        new ProcessEnergy(330, 7, "qemu-kvm", pod, 5, ZoneJoules.of(4, 1), Duration.ofMillis(1000), Double.NaN, false),
                        new ProcessEnergy(340, 8, "sshd", Workload.HOST, 1, ZoneJoules.of(1, 0), Duration.ofMillis(1000), Double.NaN,
                                false)),
                List.of(), 0, List.of(), "");
        VmProcesses vms = new VmProcesses(tmp);
        HostFacts host = new HostFacts(0.5, List.of(), BuildInfo.of(null), ProcessExe.NONE, Map.of(),
                ContainerNames.NONE, vms);
        List<Series> all = emitAll(s, List.of("/sys/class/powercap/intel-rapl:0", "/sys/class/powercap/intel-rapl:0:0"),
                host, EnumSet.of(MetricsLevel.PROCESS, MetricsLevel.VM));
        List<Series> vmJoules = named(all, "kepler_vm_cpu_joules");
        assertEquals(2, vmJoules.size(), "one VM, two zones; the containerised QEMU is its container's: " + vmJoules);
        Series pkg = vmJoules.stream().filter(v -> v.tags().get("zone").equals("package")).findFirst().orElseThrow();
        assertEquals(Map.of("vm_id", "uuid-a", "vm_name", "a", "hypervisor", "kvm", "state", "running",
                "zone", "package"), pkg.tags(), "running while one of its processes runs");
        assertEquals(8.0, pkg.value(), 1e-12, "the sum of its processes' package joules");
        Series watts = named(all, "kepler_vm_cpu_watts").stream()
                .filter(v -> v.tags().get("zone").equals("package")).findFirst().orElseThrow();
        assertEquals(4.0, watts.value(), 1e-12, "8 J over the first 2 s");
        assertTrue(named(all, "kepler_vm_gpu_joules").isEmpty(), "Kepler has no VM GPU series");
        Map<String, String> types = new java.util.HashMap<>();
        Map<String, String> vmIds = new java.util.HashMap<>();
        for (Series p : named(all, "kepler_process_cpu_joules")) {
            types.put(p.tags().get("pid"), p.tags().get("type"));
            vmIds.put(p.tags().get("pid"), p.tags().get("vm_id"));
        }
        assertEquals(Map.of("320", "vm", "321", "vm", "330", "container", "340", "regular"), types);
        assertEquals(Map.of("320", "uuid-a", "321", "uuid-a", "330", "", "340", ""), vmIds);
        assertEquals(3, vms.reads(), "the host processes' command lines, once each");
    }
}
