package io.github.energy4j.platform.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.PowerSourceContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against OpenIPMI's {@code ipmi_sim} over RMCP+ on loopback (packages {@code openipmi}, {@code ipmitool}):
 * the SDR sensor path, and DCMI through a simulator module built from {@code src/test/c} with gcc.
 */
class IpmiPowerSourceIT extends PowerSourceContract {

    @TempDir
    static Path simDir;
    static IpmiSimulator sim;

    @BeforeAll
    static void startSimulator() throws Exception {
        if (IpmiSimulator.binariesPresent()) {
            sim = IpmiSimulator.start(simDir, 120); // 240 W
        }
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        if (sim != null) {
            sim.close();
        }
    }

    @Override
    protected PowerSourceProvider provider() {
        return new IpmiPowerSourceProvider();
    }

    private static SourceContext lan(Path dir, int port, String password, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("ipmi.host", "127.0.0.1", "ipmi.port",
                Integer.toString(port), "ipmi.user", IpmiSimulator.USER, "ipmi.cipherSuite", "3",
                "ipmi.sensor", IpmiSimulator.SENSOR, "ipmi.timeout", "3s"));
        config.putAll(extra);
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        if (password != null) {
            env.put("IPMI_PASSWORD", password);
        }
        return new SourceContext(dir, dir, dir.resolve("dev"), config, env::get);
    }

    @Override
    protected SourceContext availableHost(Path dir) {
        assumeTrue(sim != null, "ipmi_sim and ipmitool are not installed (apt-get install openipmi ipmitool)");
        return lan(dir, sim.port, IpmiSimulator.PASSWORD, Map.of());
    }

    @Override
    protected SourceContext unavailableHost(Path dir) {
        return new SourceContext(dir, dir, dir.resolve("dev"), Map.of(), Map.of("PATH", dir.toString())::get);
    }

    @Test
    void shouldReadSensorWattsAsMicrowattsAndFollowChanges() throws Exception {
        SourceContext ctx = availableHost(tmp);
        try (PowerSource s = provider().open(ctx.with("ipmi.interval", "200ms"))) {
            assertEquals(Zone.Domain.PLATFORM, s.zones().get(0).domain());
            assertEquals(Zone.Kind.POWER_GAUGE, s.zones().get(0).kind());
            assertTrue(s.zones().get(0).device().contains("127.0.0.1"));
            long[] v = new long[1];
            s.read(v);
            assertEquals(240_000_000L, v[0]);
            sim.setRaw(75);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (v[0] != 150_000_000L && System.nanoTime() < deadline) {
                Thread.sleep(100);
                s.read(v);
            }
            assertEquals(150_000_000L, v[0], "background refresh picked up the new value");
        } finally {
            sim.setRaw(120);
        }
    }

    @Test
    void shouldReadWithPasswordFromFile() throws Exception {
        availableHost(tmp);
        Path pw = Files.writeString(tmp.resolve("pw"), IpmiSimulator.PASSWORD + "\n");
        SourceContext ctx = lan(tmp, sim.port, null, Map.of("ipmi.passwordFile", pw.toString()));
        try (PowerSource s = provider().open(ctx)) {
            long[] v = new long[1];
            s.read(v);
            assertEquals(240_000_000L, v[0]);
        }
    }

    @Test
    void shouldFailWithCredentialsRemedyWhenPasswordIsWrong() throws Exception {
        availableHost(tmp);
        SourceContext ctx = lan(tmp, sim.port, "wrong", Map.of());
        Probe p = provider().probe(ctx);
        assertFalse(p.available());
        assertTrue(p.remedy().contains("IPMI_PASSWORD"), p.remedy());
        assertFalse(p.reason().contains("wrong"), "password must not leak: " + p.reason());
        EnergySourceException e = assertThrows(EnergySourceException.class, () -> provider().open(ctx));
        assertEquals(EnergySourceException.Reason.DEVICE_ERROR, e.reason());
    }

    @Test
    void shouldExplainThatTheSimulatedBmcLacksDcmi() throws Exception {
        Map<String, String> dcmi = new HashMap<>();
        dcmi.put("ipmi.sensor", "");
        Probe p = provider().probe(lan(availableHost(tmp).procfs(), sim.port, IpmiSimulator.PASSWORD, dcmi));
        assertFalse(p.available());
        assertTrue(p.remedy().contains("ipmi.sensor"), p.remedy());
    }

    private static Map<String, String> dcmi(String... more) {
        Map<String, String> m = new HashMap<>();
        m.put("ipmi.sensor", "");
        for (int i = 0; i + 1 < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    void shouldReadTheDcmiPowerReadingOverLanplusAndFollowChanges() throws Exception {
        availableHost(tmp);
        assumeTrue(IpmiSimulator.compilerPresent(), "gcc is needed to build the simulator's DCMI module");
        Path scenario = tmp.resolve("dcmi-scenario");
        IpmiSimulator.setDcmi(scenario, 317, true);
        try (IpmiSimulator bmc = IpmiSimulator.start(tmp.resolve("dcmi-sim"), 50, scenario)) {
            SourceContext ctx = lan(tmp, bmc.port, IpmiSimulator.PASSWORD, dcmi("ipmi.interval", "200ms"));
            Probe p = provider().probe(ctx);
            assertTrue(p.available(), p.reason());
            assertTrue(p.zones().get(0).device().contains("DCMI power reading"), p.zones().get(0).device());
            try (PowerSource s = provider().open(ctx)) {
                long[] v = new long[1];
                s.read(v);
                assertEquals(317_000_000L, v[0], "current power, not the 100/350/200 W statistics");
                IpmiSimulator.setDcmi(scenario, 402, true);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (v[0] != 402_000_000L && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    s.read(v);
                }
                assertEquals(402_000_000L, v[0], "background refresh picked up the new reading");
            }
        }
    }

    @Test
    void shouldRefuseADcmiReadingWhileTheBmcReportsMeasurementInactive() throws Exception {
        availableHost(tmp);
        assumeTrue(IpmiSimulator.compilerPresent(), "gcc is needed to build the simulator's DCMI module");
        Path scenario = tmp.resolve("dcmi-scenario");
        IpmiSimulator.setDcmi(scenario, 317, false);
        try (IpmiSimulator bmc = IpmiSimulator.start(tmp.resolve("dcmi-sim"), 50, scenario)) {
            SourceContext ctx = lan(tmp, bmc.port, IpmiSimulator.PASSWORD, dcmi());
            Probe p = provider().probe(ctx);
            assertFalse(p.available());
            assertTrue(p.reason().contains("not active"), p.reason());
            EnergySourceException e = assertThrows(EnergySourceException.class, () -> provider().open(ctx));
            assertEquals(EnergySourceException.Reason.DEVICE_ERROR, e.reason());
        }
    }

    @Test
    void shouldGiveUpWithinTheTimeoutWhenNoBmcAnswers() throws Exception {
        availableHost(tmp);
        int silent;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            silent = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        Probe p = provider().probe(lan(tmp, silent, IpmiSimulator.PASSWORD, Map.of("ipmi.timeout", "1s")));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(p.available());
        assertTrue(ms < 8_000, "probe took " + ms + " ms");
    }

    @Test
    void shouldKeepReadingFastAndTurnUnavailableWhenTheBmcDies() throws Exception {
        availableHost(tmp);
        IpmiSimulator own = IpmiSimulator.start(tmp.resolve("own-sim"), 50); // 100 W
        PowerSource s = null;
        try {
            s = provider().open(lan(tmp, own.port, IpmiSimulator.PASSWORD, Map.of("ipmi.interval", "200ms",
                    "ipmi.staleness", "2500ms", "ipmi.timeout", "2s")));
            long[] v = new long[1];
            s.read(v);
            assertEquals(100_000_000L, v[0]);
            own.close();
            long deadline = System.nanoTime() + 10_000_000_000L;
            long slowest = 0;
            while (v[0] != PowerSource.UNAVAILABLE && System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                s.read(v);
                slowest = Math.max(slowest, System.nanoTime() - t0);
                Thread.sleep(20);
            }
            assertEquals(PowerSource.UNAVAILABLE, v[0], "stale reading must not be reported");
            assertTrue(slowest < 50_000_000L, "read() blocked for " + slowest / 1_000_000 + " ms");
            assertFalse(s.lastError().isEmpty());
        } finally {
            if (s != null) {
                s.close();
            }
            own.close();
        }
    }
}
