package io.github.energy4j.agent.kepler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeplerOptionsTest {

    @TempDir
    Path tmp;

    private static Path fixture() throws Exception {
        return Path.of(KeplerOptionsTest.class.getResource("/fixtures/kepler/config.yaml").toURI());
    }

    @Test
    void shouldMapAKeplerConfigFileOntoServeOptionsWithoutWarningsForKeplersDefaults() throws Exception {
        KeplerOptions.Translated t = KeplerOptions.translate(List.of("--config.file=" + fixture()));
        assertTrue(t.kepler());
        assertEquals(List.of("--procfs=/host/proc", "--sysfs=/host/sys", "--interval=3s", "--listen=0.0.0.0:28282",
                "--metrics-level=node,pod,vm", "--node-name=worker-3", "--config=k8s.nodeName=worker-3",
                "--config=k8s.podSource=kubelet", "--config=k8s.refreshInterval=15s"), t.argv());
        assertEquals("warn", t.logLevel());
        assertEquals(List.of(), t.warnings(), "every other setting holds Kepler's default or changes nothing");
    }

    @Test
    void shouldLetFlagsOverrideTheFileAndEnergy4jOptionsOverrideBoth() throws Exception {
        KeplerOptions.Translated t = KeplerOptions.translate(List.of("--config.file", fixture().toString(),
                "--monitor.interval=2s", "--metrics", "node", "--metrics=process", "--no-kube.enable",
                "--interval", "1s", "--naming", "kepler"));
        assertTrue(t.argv().contains("--interval=2s"), t.argv().toString());
        assertTrue(t.argv().contains("--metrics-level=node,process"), "repeated --metrics accumulate, replacing "
                + "the file's list: " + t.argv());
        assertTrue(t.argv().contains("--config=k8s.podSource=none"), t.argv().toString());
        assertEquals(List.of("--interval", "1s", "--naming", "kepler"),
                t.argv().subList(t.argv().size() - 4, t.argv().size()), "energy4j's own options come last, so they win");
    }

    @Test
    void shouldMapKeplersDaemonSetFlags() {
        KeplerOptions.Translated t = KeplerOptions.translate(List.of("--web.listen-address=10.0.0.5:9102",
                "--host.procfs", "/host/proc", "--host.sysfs=/host/sys", "--kube.enable", "--kube.node-name=n7",
                "--log.level=debug", "--experimental.hwmon.enabled"));
        assertEquals(List.of("--procfs=/host/proc", "--sysfs=/host/sys", "--listen=10.0.0.5:9102", "--node-name=n7",
                "--config=k8s.nodeName=n7", "--config=k8s.podSource=kubelet", "--source=hwmon-cpu"), t.argv());
        assertEquals("debug", t.logLevel());
    }

    @Test
    void shouldWarnInOneLineAboutSettingsWithoutAnEquivalentAndKeysKeplerDoesNotHave() throws Exception {
        Path f = tmp.resolve("k.yaml");
        Files.writeString(f, "debug:\n  pprof:\n    enabled: true\nmonitor:\n  maxTerminated: 100\nkube:\n"
                + "  config: /root/.kube/config\nexporter:\n  prometheus:\n    metricsLevel: node\nfoo:\n  bar: 1\n");
        KeplerOptions.Translated t = KeplerOptions.translate(List.of("--config.file", f.toString(),
                "--exporter.stdout"));
        assertEquals(List.of("ignoring Kepler settings energy4j has no equivalent for: debug.pprof.enabled, "
                        + "exporter.stdout.enabled, kube.config, monitor.maxTerminated (README: Switching from Kepler)",
                "ignoring settings Kepler does not have: foo.bar"), t.warnings());
        assertEquals(List.of("--metrics-level=node"), t.argv(), "a single metricsLevel value is a list of one");
    }

    @Test
    void shouldPassACommandLineWithoutKeplerOptionsThroughUnchanged() {
        List<String> argv = List.of("--listen", "127.0.0.1:0", "--config", "k8s.podSource=none", "--", "x");
        KeplerOptions.Translated t = KeplerOptions.translate(argv);
        assertFalse(t.kepler());
        assertEquals(argv, t.argv());
        assertEquals("", t.logLevel());
    }

    @Test
    void shouldRejectBadKeplerValuesNamingTheSetting() throws Exception {
        assertEquals("Kepler's log.level must be debug, info, warn or error, was 'loud'",
                assertThrows(IllegalArgumentException.class,
                        () -> KeplerOptions.translate(List.of("--log.level=loud"))).getMessage());
        assertEquals("Kepler's web.listenAddresses / --web.listen-address has 2 addresses; energy4j serves one: "
                + "keep one", assertThrows(IllegalArgumentException.class, () -> KeplerOptions.translate(
                List.of("--web.listen-address=:1", "--web.listen-address=:2"))).getMessage());
        assertEquals("--kube.enable must be true or false, was 'yes please'", assertThrows(
                IllegalArgumentException.class,
                () -> KeplerOptions.translate(List.of("--kube.enable=yes please"))).getMessage());
        assertEquals("unknown option --monitor.intervall: not one of Kepler 0.11's flags, nor an energy4j option "
                + "(README: Switching from Kepler)", assertThrows(IllegalArgumentException.class,
                () -> KeplerOptions.translate(List.of("--monitor.intervall=5s"))).getMessage());
        assertEquals("--monitor.interval needs a value", assertThrows(IllegalArgumentException.class,
                () -> KeplerOptions.translate(List.of("--monitor.interval"))).getMessage());
        Path none = tmp.resolve("none.yaml");
        assertEquals("--config.file " + none + " cannot be read (" + none + ")", assertThrows(
                IllegalArgumentException.class, () -> KeplerOptions.translate(List.of("--config.file", none.toString())))
                .getMessage());
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "monitor:\n\tinterval: 5s\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeplerOptions.translate(
                List.of("--config.file", bad.toString()))).getMessage().endsWith("line 2: tabs cannot indent YAML; "
                + "use spaces"));
        Path nested = tmp.resolve("nested.yaml");
        Files.writeString(nested, "web:\n  listenAddresses: {a: 1}\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeplerOptions.translate(
                List.of("--config.file", nested.toString()))).getMessage().startsWith(
                "Kepler setting web.listenAddresses uses YAML this reader does not support"));
    }
}
