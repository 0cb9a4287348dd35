package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.testing.FakeProcfs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report over a fake node running pods: per-container energy adds up to the attributed node energy. */
class WorkloadReportTest {

    private static final String C1 = "a".repeat(63) + "1";
    private static final String C2 = "b".repeat(63) + "2";
    private static final String C3 = "c".repeat(63) + "3";
    private static final String POD_A = "6d1a4c0e-8b2f-4b6a-9c1e-0123456789ab";
    private static final String POD_B = "0f9e8d7c-6b5a-4321-8fed-cba987654321";

    @TempDir
    Path tmp;

    @Test
    void shouldReportPerContainerJoulesThatSumToTheAttributedNodeEnergy() throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs p = FakeProcfs.create(proc)
                .process(1, "systemd", 0, 0, 1)
                .process(101, "nginx", 0, 0, 500)
                .process(102, "nginx worker", 0, 0, 501)
                .process(201, "java", 0, 0, 600)
                .process(301, "python3", 0, 0, 700);
        p.cgroup(1, "0::/init.scope\n");
        // containerd with the systemd driver, burstable pod A (two containers' worth: C1 has two processes)
        String podA = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                + POD_A.replace('-', '_') + ".slice/";
        p.cgroup(101, "0::" + podA + "cri-containerd-" + C1 + ".scope\n");
        p.cgroup(102, "0::" + podA + "cri-containerd-" + C1 + ".scope\n");
        p.cgroup(201, "0::" + podA + "cri-containerd-" + C2 + ".scope\n");
        // CRI-O with the cgroupfs driver, best-effort pod B
        p.cgroup(301, "0::/kubepods/besteffort/pod" + POD_B + "/crio-" + C3 + "\n");
        FakePowercap pc = FakePowercap.create(tmp.resolve("sys"));
        Path pkg = pc.pkg("0", "package-0", 0);
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                // once the baseline is taken, change everything in the middle of the first 500 ms interval, so
                // that one sample sees all of it (the files are written one after the other)
                MeterReady.awaitHeldOpen(pkg, Duration.ofSeconds(30));
                Thread.sleep(200);
                p.advanceCpu(100, 100).process(101, "nginx", 10, 0, 500).process(102, "nginx worker", 20, 0, 501)
                        .process(201, "java", 30, 10, 600).process(301, "python3", 20, 0, 700);
                FakePowercap.energy(pkg, 50_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                writerFailed.set(t);
            }
        });
        writer.start();
        CliTest.Result r = CliTest.run("report", "--duration", "1500ms", "--interval", "500ms", "--procfs",
                proc.toString(), "--sysfs", tmp.resolve("sys").toString(), "--format", "json", "--idle-policy", "none");
        writer.join();
        assertNull(writerFailed.get(), () -> String.valueOf(writerFailed.get()));
        assertEquals(0, r.code(), r.err());

        Map<String, Double> byContainer = workloads(r.out());
        assertEquals(3, byContainer.size(), byContainer.toString());
        // busy 100 ticks: C1 30, C2 40, C3 20, 10 unattributed; 50 J in total
        assertEquals(15.0, byContainer.get(C1), 1e-9);
        assertEquals(20.0, byContainer.get(C2), 1e-9);
        assertEquals(10.0, byContainer.get(C3), 1e-9);
        double containers = byContainer.values().stream().mapToDouble(Double::doubleValue).sum();
        double attributed = CliTest.number(r.out(), "nodeJoules") - CliTest.number(r.out(), "unattributedJoules")
                - CliTest.number(r.out(), "idleJoules");
        assertEquals(attributed, containers, 1e-9, "every busy process here is in a container");
        List<String> pods = podUids(r.out());
        assertTrue(pods.contains(POD_A) && pods.contains(POD_B), pods.toString());
        Map<String, Double> byPod = pods(r.out());
        assertEquals(2, byPod.size(), byPod.toString());
        assertEquals(15.0 + 20.0, byPod.get(POD_A), 1e-9, "pod A is C1 + C2");
        assertEquals(10.0, byPod.get(POD_B), 1e-9, "pod B is C3");
        assertEquals(attributed, byPod.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9,
                "the pods hold all the attributed energy");
        assertTrue(r.out().contains("\"containerId\" : \"" + C3 + "\""), "process rows carry their container");
    }

    /** workloads[].id -> joules. */
    static Map<String, Double> workloads(String json) throws IOException {
        return rootArray(json, "workloads", "id", "joules");
    }

    /** pods[].podUid -> joules. */
    static Map<String, Double> pods(String json) throws IOException {
        return rootArray(json, "pods", "podUid", "joules");
    }

    /** {@code array[].key -> array[].value} for an array of objects at the root of {@code json}. */
    static Map<String, Double> rootArray(String json, String array, String key, String value) throws IOException {
        Map<String, Double> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            boolean in = false;
            String id = null;
            while (p.nextToken() != null) {
                if (p.currentToken() != JsonToken.FIELD_NAME) {
                    continue;
                }
                if (p.getParsingContext().getParent().inRoot()) {
                    in = array.equals(p.currentName());
                } else if (in && p.getParsingContext().getParent().getParent().getParent().inRoot()) {
                    if (key.equals(p.currentName())) {
                        p.nextToken();
                        id = p.getText();
                    } else if (value.equals(p.currentName())) {
                        p.nextToken();
                        out.put(id, p.getDoubleValue());
                    }
                }
            }
        }
        return out;
    }

    static List<String> podUids(String json) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "podUid".equals(p.currentName())) {
                    p.nextToken();
                    if (!p.getText().isEmpty()) {
                        out.add(p.getText());
                    }
                }
            }
        }
        return out;
    }
}
