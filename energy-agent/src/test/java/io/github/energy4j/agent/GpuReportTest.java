package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.jna.NativeLibrary;
import io.github.energy4j.testing.FakeProcfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report with GPUs, through the real JNA path into the stand-in NVML library (compiled here from
 * energy-nvml's test sources): GPU energy equals the counter deltas and the per-process GPU joules add
 * up to the active GPU energy, split by SM share.
 */
class GpuReportTest {

    @TempDir
    Path tmp;

    /** Where the stand-in is compiled, once for the class: NVML binds one library per JVM. */
    @TempDir
    static Path libDir;

    private static Path lib;

    /** Held so that JNA does not unload the stand-in (and forget its scenario) between calls. */
    private static NativeLibrary stub;

    private static synchronized Path compileStub() throws Exception {
        if (lib == null) {
            Path src = Path.of("..", "energy-nvml", "src", "test", "c", "nvml_stub.c");
            Path out = libDir.resolve("libnvidia-ml-stub.so").toAbsolutePath();
            Process p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-o", out.toString(), src.toString())
                    .inheritIO().start();
            assertEquals(0, p.waitFor(), "gcc builds the NVML stand-in");
            stub = NativeLibrary.getInstance(out.toString());
            lib = out;
        }
        return lib;
    }

    /** Makes the stand-in read {@code scenario} on its next nvmlInit_v2. */
    private static void useScenario(Path scenario) {
        stub.getFunction("nvmlStubSetScenario").invokeVoid(new Object[] {scenario.toString()});
    }

    @Test
    void shouldReportGpuEnergyEqualToCounterDeltasAndSplitItBySmShare() throws Exception {
        Path lib = compileStub();
        Path scenario = tmp.resolve("scenario.txt");
        // one GPU: the mJ counter advances 2000 mJ per read; pids 500 and 600 use 75 % and 25 % of the SMs
        Files.writeString(scenario, String.join("\n", "count=1", "0.name=Stub H100",
                "0.uuid=GPU-cccccccc-1111-2222-3333-444444444444", "0.arch=9", "0.energy.start=1000000",
                "0.energy.step=2000", "0.limit=700000", "0.power=200000", "0.procs=500:1048576,600:1048576",
                "0.procutil=500:75,600:25", "") );
        useScenario(scenario);
        Path proc = tmp.resolve("proc");
        Files.createDirectories(tmp.resolve("sys"));
        FakeProcfs.create(proc).process(500, "train.py", 0, 0, 10).process(600, "infer", 0, 0, 20);
        CliTest.Result r = CliTest.run("report", "--duration", "600ms", "--interval", "100ms", "--procfs",
                proc.toString(), "--sysfs", tmp.resolve("sys").toString(), "--source", "nvml,model",
                "--config", "nvml.library=" + lib, "--idle-policy", "none", "--format", "json");
        assertEquals(0, r.code(), r.err());
        Map<String, Double> zones = CliTest.zoneJoules(r.out());
        double gpu = zones.get("gpu-0");
        // the baseline read and then one counter read per interval: each interval observes one 2000 mJ step
        double intervals = CliTest.number(r.out(), "intervals");
        // the report samples on a fixed schedule: 600 ms at 100 ms are six intervals, late or not
        assertEquals(6.0, intervals, r.out());
        assertEquals(intervals * 2.0, gpu, 1e-9, "GPU joules are the counter steps observed, 2 J each: " + r.out());
        Map<Integer, Double> perPid = gpuJoulesByPid(r.out(), "gpu-0");
        assertEquals(gpu, perPid.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9,
                "per-process GPU joules sum to the active GPU energy (idle policy none)");
        assertEquals(3.0, perPid.get(500) / perPid.get(600), 1e-9, "split 75:25 by SM share");
    }

    @Test
    void shouldListEveryGpuWithItsZoneInDoctor() throws Exception {
        Path lib = compileStub();
        Path scenario = tmp.resolve("scenario.txt");
        Files.writeString(scenario, String.join("\n", "count=2", "0.name=Stub H100",
                "0.uuid=GPU-aaaaaaaa-1111-2222-3333-444444444444", "0.arch=9", "0.energy.start=1000",
                "0.energy.step=2000", "0.limit=700000", "0.power=200000", "1.name=Stub A100",
                "1.uuid=GPU-bbbbbbbb-1111-2222-3333-444444444444", "1.arch=8", "1.energy.start=5000",
                "1.energy.step=1000", "1.limit=400000", "1.power=90000", ""));
        useScenario(scenario);
        Path proc = tmp.resolve("proc");
        Files.createDirectories(tmp.resolve("sys"));
        FakeProcfs.create(proc);
        String[] common = {"--procfs", proc.toString(), "--sysfs", tmp.resolve("sys").toString(), "--config",
                "nvml.library=" + lib};
        CliTest.Result json = CliTest.run(concat(new String[] {"doctor", "--format", "json"}, common));
        assertEquals(0, json.code(), json.err());
        assertEquals(Boolean.TRUE, CliTest.booleanBySource(json.out(), "available").get("nvml"), json.out());
        assertEquals(Boolean.TRUE, CliTest.booleanBySource(json.out(), "selected").get("nvml"), json.out());
        assertEquals(List.of("gpu-0", "gpu-1"), CliTest.zonesBySource(json.out()).get("nvml"), json.out());
        CliTest.Result table = CliTest.run(concat(new String[] {"doctor"}, common));
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("[USED] nvml")), table.out());
        for (String zone : List.of("gpu-0", "gpu-1")) {
            assertTrue(table.out().lines().anyMatch(l -> l.strip().startsWith("zone " + zone + " ")),
                    zone + " in " + table.out());
        }
        for (String uuid : List.of("GPU-aaaaaaaa-1111-2222-3333-444444444444",
                "GPU-bbbbbbbb-1111-2222-3333-444444444444")) {
            assertTrue(CliTest.zoneDevices(json.out()).values().stream().anyMatch(d -> d.contains(uuid)), json.out());
            assertTrue(table.out().contains(uuid), "the table names each GPU's device as the JSON does: "
                    + table.out());
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** processes[].zoneJoules[zone] by pid. */
    static Map<Integer, Double> gpuJoulesByPid(String json, String zone) throws IOException {
        Map<Integer, Double> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            boolean inProcs = false;
            int pid = -1;
            while (p.nextToken() != null) {
                if (p.currentToken() != JsonToken.FIELD_NAME) {
                    continue;
                }
                if (p.getParsingContext().getParent().inRoot()) {
                    inProcs = "processes".equals(p.currentName());
                } else if (inProcs && "pid".equals(p.currentName())) {
                    p.nextToken();
                    pid = p.getIntValue();
                } else if (inProcs && zone.equals(p.currentName())) {
                    p.nextToken();
                    out.put(pid, p.getDoubleValue());
                }
            }
        }
        return out;
    }
}
