package io.github.energy4j.platform.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.SourceContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpmiToolTest {

    @TempDir
    Path tmp;

    private SourceContext ctx(Map<String, String> config, Map<String, String> env) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin")).resolve("ipmitool");
        Files.writeString(bin, "#!/bin/sh\nexit 0\n");
        bin.toFile().setExecutable(true);
        Map<String, String> e = new HashMap<>(env);
        e.put("PATH", bin.getParent().toString());
        return new SourceContext(tmp, tmp, tmp.resolve("dev"), config, e::get);
    }

    @Test
    void shouldPassPasswordThroughEnvironmentAndNeverOnTheCommandLine() throws Exception {
        IpmiConfig c = IpmiConfig.from(ctx(Map.of("ipmi.host", "10.0.0.5", "ipmi.user", "admin"),
                Map.of("IPMI_PASSWORD", "hunter2")));
        IpmiTool t = new IpmiTool(c);
        List<String> cmd = t.command(IpmiTool.DCMI_POWER_READING);
        assertEquals(List.of("-I", "lanplus", "-H", "10.0.0.5", "-U", "admin", "-E"), cmd.subList(1, 8));
        assertEquals(IpmiTool.DCMI_POWER_READING, cmd.subList(8, cmd.size()));
        assertFalse(String.join(" ", cmd).contains("hunter2"));
        assertEquals(Map.of("IPMI_PASSWORD", "hunter2"), t.environment());
        assertFalse(c.toString().contains("hunter2"));
    }

    @Test
    void shouldUsePasswordFileInsteadOfEnvironmentWhenConfigured() throws Exception {
        Path pw = Files.writeString(tmp.resolve("pw"), "hunter2\n");
        IpmiTool t = new IpmiTool(IpmiConfig.from(ctx(Map.of("ipmi.host", "bmc", "ipmi.user", "admin",
                "ipmi.passwordFile", pw.toString(), "ipmi.port", "6230", "ipmi.cipherSuite", "17"),
                Map.of("IPMI_PASSWORD", "other"))));
        List<String> cmd = t.command(List.of("sensor", "reading", "PSU Power"));
        assertEquals(List.of("-I", "lanplus", "-H", "bmc", "-p", "6230", "-U", "admin", "-f", pw.toString(),
                "-C", "17", "sensor", "reading", "PSU Power"), cmd.subList(1, cmd.size()));
        assertTrue(t.environment().isEmpty());
    }

    @Test
    void shouldTalkInBandWithoutHostOptions() throws Exception {
        IpmiConfig c = IpmiConfig.from(ctx(Map.of(), Map.of()));
        assertTrue(c.inBand());
        List<String> cmd = new IpmiTool(c).command(List.of("sdr", "list"));
        assertEquals(List.of("-I", "open", "sdr", "list"), cmd.subList(1, cmd.size()));
    }

    @Test
    void shouldRejectUnknownInterfaceNamingTheSetting() throws Exception {
        SourceContext bad = ctx(Map.of("ipmi.interface", "serial"), Map.of());
        EnergySourceException e = assertThrows(EnergySourceException.class, () -> IpmiConfig.from(bad));
        assertEquals(EnergySourceException.Reason.CONFIGURATION, e.reason());
        assertTrue(e.getMessage().contains("ipmi.interface must be open, lan or lanplus"), e.getMessage());
    }

    @Test
    void shouldRefuseAPasswordInTheConfigurationWithoutRepeatingIt() throws Exception {
        SourceContext bad = ctx(Map.of("ipmi.host", "bmc", "ipmi.user", "admin", "ipmi.password", "hunter2"), Map.of());
        EnergySourceException e = assertThrows(EnergySourceException.class, () -> IpmiConfig.from(bad));
        assertEquals(EnergySourceException.Reason.CONFIGURATION, e.reason());
        assertTrue(e.getMessage().contains("IPMI_PASSWORD"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2") || e.remedy().contains("hunter2"));
    }

    @Test
    void shouldKillIpmitoolThatOutlivesTheTimeout() throws Exception {
        Path slow = tmp.resolve("slow-ipmitool");
        Files.writeString(slow, "#!/bin/sh\nexec sleep 30\n");
        slow.toFile().setExecutable(true);
        IpmiTool t = new IpmiTool(IpmiConfig.from(ctx(Map.of("ipmi.ipmitool", slow.toString(),
                "ipmi.timeout", "300ms"), Map.of())));
        long t0 = System.nanoTime();
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> t.run(IpmiTool.DCMI_POWER_READING));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, "took " + ms + " ms");
        assertTrue(e.getMessage().contains("did not finish within 300 ms"), e.getMessage());
    }

    @Test
    void shouldCollectOutputLargerThanThePipeBufferWithoutWaitingForTheTimeout() throws Exception {
        Path chatty = tmp.resolve("chatty-ipmitool");
        Files.writeString(chatty, "#!/bin/sh\nhead -c 300000 /dev/zero | tr '\\0' 'a'\nhead -c 100000 /dev/zero | tr '\\0' 'b' >&2\n"
                + "echo ' dc'\n");
        chatty.toFile().setExecutable(true);
        IpmiTool t = new IpmiTool(IpmiConfig.from(ctx(Map.of("ipmi.ipmitool", chatty.toString(),
                "ipmi.timeout", "3s"), Map.of())));
        long t0 = System.nanoTime();
        String out = t.run(IpmiTool.DCMI_POWER_READING);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(300_004, out.length(), "all of stdout, none of stderr");
        assertTrue(out.endsWith(" dc\n"));
        assertTrue(ms < 2_500, "took " + ms + " ms: a full pipe must not look like a slow BMC");
    }

    @Test
    void shouldParseSensorReadingAndItsUnit() {
        assertEquals(240.0, IpmiSensorOutput.readingWatts("PSU Input Power,240\n", "PSU Input Power"));
        assertEquals(187.5, IpmiSensorOutput.readingWatts("Sys, Power,187.5", "Sys, Power"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IpmiSensorOutput.readingWatts("PSU Input Power,\n", "PSU Input Power"));
        assertTrue(e.getMessage().contains("no reading"));
        assertEquals("Watts", IpmiSensorOutput.readingUnit(
                "Sensor ID : PSU (0x10)\n Sensor Reading        : 240 (+/- 0) Watts\n Status : ok\n"));
        assertEquals("Amps", IpmiSensorOutput.readingUnit(" Sensor Reading : 12 (+/- 0) Amps\n"));
    }

    @Test
    void shouldSuggestSensorWhenBmcLacksDcmi() {
        assertTrue(IpmiPowerSourceProvider.remedyFor(
                "ipmitool raw failed (exit 1): Unable to send RAW command (rsp=0xc1): Invalid command")
                .contains("ipmi.sensor"));
    }
}
