package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.testing.FakeProcfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"doctor", "report", "serve", "top", "run", "ps", "carbon", "gpus", "profile"})
    void shouldPrintTheCommandsUsageOnHelpAndExitZero(String cmd) {
        Result r = run(cmd, "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("usage: energy4j " + cmd + " "), r.out());
        // only the commands that open a meter take --config and the other common options
        assertEquals(Main.METERING.contains(cmd), r.out().contains("--config key=value"), r.out());
        assertTrue(r.err().isEmpty(), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"doctor", "report", "serve", "top", "run", "ps", "carbon", "gpus", "profile"})
    void shouldAcceptEveryOptionItsHelpShows(String cmd) {
        String usage = Main.usageOf(cmd);
        Matcher m = Pattern.compile("(--[a-z][a-z-]*)(\\]| ([^\\s\\]|]+))?").matcher(usage);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            String flag = m.group(1);
            List<String> line = new ArrayList<>(List.of(cmd, flag));
            if (m.group(3) != null && !m.group(3).startsWith("--")) {
                line.add(SAMPLE_VALUES.getOrDefault(flag, m.group(3).replaceAll("\\[.*$", "")));
            }
            line.add("--energy4j-no-such-option"); // so that nothing runs: the parser must get past the flag to it
            if (cmd.equals("run")) {
                line.addAll(List.of("--", "true"));
            }
            Result r = run(line.toArray(String[]::new));
            assertEquals(2, r.code(), line + ": " + r.err());
            assertFalse(Pattern.compile("unknown (option|argument|flag) '?" + flag + "\\b").matcher(r.err()).find(),
                    cmd + " --help shows " + flag + ", but " + line + " says: " + r.err());
            checked.add(flag);
        }
        assertTrue(checked.size() >= 2, usage);
    }

    @ParameterizedTest
    @ValueSource(strings = {"report", "serve", "run"})
    void shouldNameTheCarbonOptionsAmongTheKnownOnesWhenAnOptionIsMisspelt(String cmd) {
        Result r = run(cmd, "--regoin", "aws:eu-west-1", "--", "true");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("unknown option --regoin") && r.err().contains("--region")
                && r.err().contains("--intensity"), r.err());
    }

    /** Values that pass the checks made while parsing, for flags whose usage shows a placeholder. */
    private static final Map<String, String> SAMPLE_VALUES = Map.of("--region", "aws:eu-west-1", "--country", "FR",
            "--intensity", "250", "--provider", "fixed");

    @ParameterizedTest
    @ValueSource(strings = {"report --bogus", "report --duration", "report --duration banana", "report --format xml",
            "report --procfs /nonexistent/proc", "report --duration PT-0.003S", "report --duration -5ms",
            "report --source nosuch --duration 1s", "doctor --format=yaml",
            "frobnicate", "report --interval 1ms", "report --idle-policy sometimes", "report --config novalue",
            "doctor --source nosuch", "serve --listen :28282", "serve --naming prometheus",
            "serve --metrics-level node,gpu", "serve --config.file /nonexistent/kepler.yaml",
            "serve --log.level loud", "serve --exporter.prometheus.port 9", "serve --tls-cert cert.pem",
            "serve --procfs /nonexistent/proc",
            "serve --basic-auth-file /nonexistent/users --procfs /nonexistent/proc", "top --sort cpu",
            "top --count -1", "top --procfs /nonexistent/proc", "run", "run echo hi", "run --bogus -- true",
            "run --procfs /nonexistent/proc -- true", "run --interval 1ms -- true", "profile", "profile --pid",
            "profile --pid abc", "profile --pid 0", "profile --pid 1 --interval 0ms", "profile --pid 1 --duration soon",
            "profile --pid 1 --window 200ms --interval 500ms", "profile --pid 1 --top 0",
            "profile --pid 1 --output /nonexistent/dir/energy.html", "profile --pid 1 --agent-jar /nonexistent.jar",
            "profile --pid 1 --output /tmp/a,b.html", "profile --pid 999999999", "profile --pid 1 extra"})
    void shouldPrintOneClearLineAndExitTwoOnBadInput(String line) {
        Result r = run(line.split(" "));
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertTrue(r.out().isEmpty());
    }

    @Test
    void shouldListExactlyTheDistinctRaplZonesInDoctorJson() throws IOException {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc);
        FakePowercap pc = FakePowercap.create(tmp.resolve("sys"));
        pc.pkg("0", "package-0", 1000);
        pc.zone("intel-rapl", "0:0", "core", 10, FakePowercap.INTEL_RANGE_UJ, 0);
        pc.zone("intel-rapl", "0:1", "dram", 10, FakePowercap.INTEL_RANGE_UJ, 0);
        pc.pkg("1", "psys", 10);
        pc.zone("intel-rapl-mmio", "0", "package-0", 1000, FakePowercap.INTEL_RANGE_UJ, 125_000_000L);
        Result r = run("doctor", "--procfs", proc.toString(), "--sysfs", tmp.resolve("sys").toString(), "--format",
                "json");
        assertEquals(0, r.code(), r.err());
        Map<String, List<String>> zones = zonesBySource(r.out());
        assertEquals(List.of("core-0", "dram-0", "package-0", "psys"), sorted(zones.get("rapl")));
        assertEquals(List.of("cpu-model"), zones.get("model"));
        assertEquals(Boolean.TRUE, booleanBySource(r.out(), "selected").get("rapl"), r.out());
        assertEquals(Boolean.FALSE, booleanBySource(r.out(), "selected").get("model"),
                "the CPU model is not used while RAPL is: " + r.out());
    }

    @Test
    void shouldListACoreZoneWithEnabledZeroInDoctorAndSayTheFlagAsANote() throws IOException {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc);
        FakePowercap pc = FakePowercap.create(tmp.resolve("sys"));
        pc.pkg("0", "package-0", 1000);
        Path core = pc.zone("intel-rapl", "0:0", "core", 10, FakePowercap.INTEL_RANGE_UJ, 0);
        FakePowercap.set(core, "enabled", "0\n");
        String sys = tmp.resolve("sys").toString();
        Result json = run("doctor", "--procfs", proc.toString(), "--sysfs", sys, "--format", "json");
        assertEquals(0, json.code(), json.err());
        assertEquals(List.of("core-0", "package-0"), sorted(zonesBySource(json.out()).get("rapl")));
        Result table = run("doctor", "--procfs", proc.toString(), "--sysfs", sys);
        assertEquals(0, table.code(), table.err());
        List<String> lines = table.out().lines().map(String::strip).toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("zone core-0 ") && l.contains(" core ")), table.out());
        assertTrue(lines.contains("note: core-0 (intel-rapl:0:0) has enabled=0 (power capping off or locked), "
                + "its energy counter is read all the same"), table.out());
    }

    @Test
    void shouldListHwmonCpuZonesInDoctorAndSelectThemWhereRaplIsAbsent() throws IOException {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc);
        // amd_energy on a one-socket AMD node without powercap: two core counters, then the socket's
        Path hwmon = tmp.resolve("sys/class/hwmon/hwmon2");
        FakeProcfs.write(hwmon.resolve("name"), "amd_energy\n");
        FakeProcfs.write(hwmon.resolve("energy1_input"), "1000000\n");
        FakeProcfs.write(hwmon.resolve("energy1_label"), "Ecore000\n");
        FakeProcfs.write(hwmon.resolve("energy2_input"), "2000000\n");
        FakeProcfs.write(hwmon.resolve("energy2_label"), "Ecore001\n");
        FakeProcfs.write(hwmon.resolve("energy3_input"), "90000000\n");
        FakeProcfs.write(hwmon.resolve("energy3_label"), "Esocket0\n");
        Result r = run("doctor", "--procfs", proc.toString(), "--sysfs", tmp.resolve("sys").toString(), "--format",
                "json");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("package-0"), zonesBySource(r.out()).get("hwmon-cpu"), r.out());
        assertEquals(Boolean.TRUE, booleanBySource(r.out(), "selected").get("hwmon-cpu"), r.out());
        assertEquals(Boolean.FALSE, booleanBySource(r.out(), "selected").get("model"), r.out());
    }

    @Test
    void shouldNameTheVmOfAVmProcessInReports() throws IOException {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc).process(77, "qemu-system-x86", 5, 0, 3).process(78, "bash", 5, 0, 3);
        FakeProcfs.write(proc.resolve("77/cmdline"), "/usr/bin/qemu-system-x86_64\0-name\0guest=builder\0-uuid\0"
                + "9b1d2c3e-0000-4000-8000-000000000077\0");
        FakeProcfs.write(proc.resolve("78/cmdline"), "bash\0");
        FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 1000);
        List<String> base = List.of("report", "--duration", "200ms", "--interval", "100ms", "--all-processes",
                "--procfs", proc.toString(), "--sysfs", tmp.resolve("sys").toString());
        List<String> json = new ArrayList<>(base);
        json.addAll(List.of("--format", "json"));
        Result j = run(json.toArray(String[]::new));
        assertEquals(0, j.code(), j.err());
        assertTrue(j.out().replaceAll("\\s", "").contains("\"vm\":{\"id\":\"9b1d2c3e-0000-4000-8000-000000000077\","
                + "\"name\":\"builder\",\"hypervisor\":\"kvm\"}"), j.out());
        assertEquals(1, j.out().split("\"vm\"", -1).length - 1, "only the QEMU process is a VM: " + j.out());
        Result t = run(base.toArray(String[]::new));
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().lines().anyMatch(l -> l.startsWith("77 ") && l.contains("vm:builder")), t.out());
    }

    @Test
    void shouldPrintEachZonesDeviceInTheDoctorTableAsTheJsonDoes() throws IOException {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc);
        Path sys = tmp.resolve("sys");
        FakePowercap.create(sys).pkg("0", "package-0", 1000);
        Path meter = sys.resolve("class/hwmon/hwmon0");
        FakeProcfs.write(meter.resolve("name"), "power_meter\n");
        FakeProcfs.write(meter.resolve("power1_average"), "187000000\n");
        FakeProcfs.write(meter.resolve("power1_average_interval"), "2000\n");
        Result json = run("doctor", "--procfs", proc.toString(), "--sysfs", sys.toString(), "--format", "json");
        assertEquals(0, json.code(), json.err());
        Map<String, String> devices = zoneDevices(json.out());
        assertTrue(devices.get("platform").contains("refreshed every 2000 ms"), devices.toString());
        Result table = run("doctor", "--procfs", proc.toString(), "--sysfs", sys.toString());
        assertEquals(0, table.code(), table.err());
        List<String> lines = table.out().lines().toList();
        for (String zone : List.of("package-0", "platform")) {
            int at = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().startsWith("zone " + zone + " ")) {
                    at = i;
                }
            }
            assertTrue(at >= 0, zone + " in " + table.out());
            StringBuilder detail = new StringBuilder();
            for (int i = at + 1; i < lines.size() && lines.get(i).startsWith("              "); i++) {
                assertTrue(lines.get(i).length() <= DoctorCommand.WIDTH || !lines.get(i).strip().contains(" "),
                        "short lines: " + lines.get(i));
                detail.append(detail.length() == 0 ? "" : " ").append(lines.get(i).strip());
            }
            assertEquals("device: " + devices.get(zone), detail.toString(), table.out());
        }
    }

    @Test
    void shouldWrapLongTextAtSpacesIndentingContinuationLines() {
        assertEquals(List.of("device: a b", "  ccc d", "  /a/very/long/path", "  e"),
                DoctorCommand.wrap("device: a b ccc d /a/very/long/path e", 11));
        assertEquals(List.of("x"), DoctorCommand.wrap("x", 11));
    }

    @Test
    void shouldReportRaplEnergyEqualToTheCounterDeltasAcrossAWrapWithoutDoubleCounting() throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs p = FakeProcfs.create(proc).process(300, "worker", 0, 0, 5);
        FakePowercap pc = FakePowercap.create(tmp.resolve("sys"));
        long range = FakePowercap.INTEL_RANGE_UJ;
        long start = range - 2_500_000; // 2.5 J below the top
        Path pkg = pc.pkg("0", "package-0", start);
        Path dram = pc.zone("intel-rapl", "0:0", "dram", 100, range, 0);
        Path core = pc.zone("intel-rapl", "0:1", "core", 100, range, 0);
        // the kernel's MMIO interface exposes the same package counter a second time
        Path mmio = pc.zone("intel-rapl-mmio", "0", "package-0", start, range, 125_000_000L);
        Path psys = pc.pkg("1", "psys", 0);
        Thread writer = new Thread(() -> {
            try {
                MeterReady.awaitHeldOpen(pkg, Duration.ofSeconds(30)); // the baseline is taken
                Thread.sleep(350);
                FakePowercap.energy(pkg, range - 1_000_000);
                FakePowercap.energy(mmio, range - 1_000_000);
                FakePowercap.energy(dram, 600_100);
                FakePowercap.energy(core, 1_000_100);
                FakePowercap.energy(psys, 9_000_000);
                p.advanceCpu(50, 50).process(300, "worker", 50, 0, 5);
                Thread.sleep(350);
                FakePowercap.energy(pkg, 4_000_123); // wrapped
                FakePowercap.energy(mmio, 4_000_123);
                FakePowercap.energy(dram, 1_000_100);
                FakePowercap.energy(core, 3_000_100);
                FakePowercap.energy(psys, 20_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        writer.start();
        Result r = run("report", "--duration", "1200ms", "--interval", "100ms", "--procfs", proc.toString(), "--sysfs",
                tmp.resolve("sys").toString(), "--format", "json", "--idle-policy", "none");
        writer.join();
        assertEquals(0, r.code(), r.err());
        Map<String, Double> joules = zoneJoules(r.out());
        double pkgJ = (range + 1 - start + 4_000_123) * 1e-6; // modulus = max_energy_range_uj + 1
        assertEquals(pkgJ, joules.get("package-0"), 1e-6);
        assertEquals(1.0, joules.get("dram-0"), 1e-9);
        assertEquals(20.0, joules.get("psys"), 1e-9);
        assertEquals(3.0, joules.get("core-0"), 1e-9, "core is reported as its own zone");
        assertEquals(List.of("core-0", "dram-0", "package-0", "psys"), sorted(new ArrayList<>(joules.keySet())),
                "the MMIO copy of package-0 is not a zone of its own: " + r.out());
        double node = number(r.out(), "nodeJoules");
        assertEquals(pkgJ + 1.0, node, 1e-6,
                "core lies inside package, the MMIO copy is package again, psys overlaps package+dram: none is added");
        assertEquals(pkgJ + 1.0, number(r.out(), "unattributedJoules") + processJoules(r.out()), 1e-6,
                "idle policy none: all energy goes to processes or unattributed");
    }

    @Test
    void shouldWriteMarkdownAndHtmlReportsAndKeepTheJsonContractWithPods() throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc).process(300, "worker", 0, 0, 5);
        Path pkg = FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 0);
        Thread writer = new Thread(() -> {
            MeterReady.awaitHeldOpen(pkg, Duration.ofSeconds(30)); // the baseline is taken
            for (int i = 1; i <= 6; i++) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                FakePowercap.energy(pkg, i * 1_000_000L);
            }
        });
        String[] common = {"--duration", "1200ms", "--interval", "100ms", "--procfs", proc.toString(), "--sysfs",
                tmp.resolve("sys").toString()};
        writer.start();
        Result html = run(concat(new String[] {"report", "--format", "html"}, common));
        writer.join();
        assertEquals(0, html.code(), html.err());
        assertTrue(html.out().contains("<polyline"), html.out());
        assertTrue(html.out().contains("6.0 J, measured"), html.out());
        Result md = run(concat(new String[] {"report", "--format", "markdown"}, common));
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().startsWith("# energy4j green-ops report"), md.out());
        assertTrue(md.out().contains("| package-0 | 0.0 |"), "counter no longer moves: " + md.out());
        Result json = run(concat(new String[] {"report", "--format", "json"}, common));
        assertEquals(0, json.code(), json.err());
        for (String key : List.of("\"nodeJoules\"", "\"zones\"", "\"processes\"", "\"workloads\"", "\"pods\"",
                "\"carbonProvenance\"")) {
            assertTrue(json.out().contains(key), key + " in " + json.out());
        }
        assertFalse(json.out().contains("otherJoules"), "no platform zone, no otherJoules");
    }

    @Test
    void shouldTitleTheMeasuredOrEstimatedColumnOfTheReportTableProvenance() throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc).process(300, "worker", 0, 0, 5);
        FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 0);
        Result r = run("report", "--duration", "200ms", "--interval", "100ms", "--procfs", proc.toString(), "--sysfs",
                tmp.resolve("sys").toString());
        assertEquals(0, r.code(), r.err());
        String header = r.out().lines().filter(l -> l.startsWith("ZONE ")).findFirst()
                .orElseThrow(() -> new AssertionError("no zone table in " + r.out()));
        assertEquals(List.of("ZONE", "DOMAIN", "SOURCE", "PROVENANCE", "JOULES", "ACTIVE", "J", "IDLE", "J", "AVG", "W"),
                List.of(header.split(" +")), header);
        String row = r.out().lines().filter(l -> l.startsWith("package-0 ")).findFirst()
                .orElseThrow(() -> new AssertionError("no package-0 row in " + r.out()));
        assertEquals(header.indexOf("PROVENANCE"), row.indexOf("measured"), "the value sits under its title:\n"
                + header + "\n" + row);
        assertTrue(r.out().lines().noneMatch(l -> l.matches(".*\\bKIND\\b.*")), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "table"})
    void shouldReportOtherJoulesAsUnknownNotZeroWhileThePlatformMeterIsUnreadable(String format) throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc).process(300, "worker", 0, 0, 5);
        Path sys = tmp.resolve("sys");
        Path pkg = FakePowercap.create(sys).pkg("0", "package-0", 0);
        // an ACPI power meter that reads at probe time and then stops giving numbers
        Path meter = sys.resolve("class/hwmon/hwmon0");
        FakeProcfs.write(meter.resolve("name"), "acpi_power_meter\n");
        FakeProcfs.write(meter.resolve("power1_average"), "187000000\n");
        FakeProcfs.write(meter.resolve("power1_average_interval"), "1000\n");
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                // the hwmon source opened the meter after its probe read it; from here on it reads no number
                MeterReady.awaitFileHeldOpen(meter.resolve("power1_average"), Duration.ofSeconds(30));
                FakeProcfs.write(meter.resolve("power1_average"), "\n");
                MeterReady.awaitHeldOpen(pkg, Duration.ofSeconds(30));
                for (int i = 1; i <= 4; i++) {
                    Thread.sleep(100);
                    FakePowercap.energy(pkg, i * 1_000_000L);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                writerFailed.set(t);
            }
        });
        writer.start();
        Result r = run("report", "--duration", "1000ms", "--interval", "250ms", "--procfs", proc.toString(),
                "--sysfs", sys.toString(), "--format", format);
        writer.join();
        assertEquals(null, writerFailed.get(), () -> String.valueOf(writerFailed.get()));
        assertEquals(0, r.code(), r.err());
        if (format.equals("json")) {
            assertTrue(zoneJoules(r.out()).containsKey("platform"), "the hwmon zone is in the report: " + r.out());
            assertTrue(r.out().contains("\"otherJoules\" : null"), "unknown, not 0.0: " + r.out());
        } else {
            String line = r.out().lines().filter(l -> l.startsWith("other ")).findFirst().orElseThrow(
                    () -> new AssertionError("no other line in " + r.out()));
            assertTrue(line.contains("unknown") && line.contains("platform: unreadable"), line);
            assertFalse(line.contains(" J"), line);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }

    /** source id -> zone names from doctor JSON. */
    static Map<String, List<String>> zonesBySource(String json) throws IOException {
        Map<String, List<String>> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            String id = null;
            int depth = 0;
            boolean inZones = false;
            while (p.nextToken() != null) {
                JsonToken t = p.currentToken();
                if (t == JsonToken.FIELD_NAME && "id".equals(p.currentName())) {
                    p.nextToken();
                    id = p.getText();
                    out.put(id, new ArrayList<>());
                } else if (t == JsonToken.FIELD_NAME && "zones".equals(p.currentName())) {
                    inZones = true;
                    depth = 0;
                } else if (inZones && t == JsonToken.START_OBJECT) {
                    depth++;
                } else if (inZones && t == JsonToken.END_ARRAY && depth == 0) {
                    inZones = false;
                } else if (inZones && t == JsonToken.END_OBJECT) {
                    depth--;
                } else if (inZones && t == JsonToken.FIELD_NAME && "name".equals(p.currentName())) {
                    p.nextToken();
                    out.get(id).add(p.getText());
                }
            }
        }
        return out;
    }

    /** source id -> the value of one of its boolean fields ({@code available}, {@code selected}) from doctor JSON. */
    static Map<String, Boolean> booleanBySource(String json, String field) throws IOException {
        Map<String, Boolean> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            String id = null;
            boolean inSources = false;
            while (p.nextToken() != null) {
                if (p.currentToken() != JsonToken.FIELD_NAME) {
                    continue;
                }
                if (p.getParsingContext().getParent().inRoot()) {
                    inSources = "sources".equals(p.currentName());
                } else if (inSources && p.getParsingContext().getParent().getParent().getParent().inRoot()) {
                    // a field of one sources[] entry, not of one of its zones
                    if ("id".equals(p.currentName())) {
                        p.nextToken();
                        id = p.getText();
                    } else if (field.equals(p.currentName())) {
                        p.nextToken();
                        out.put(id, p.getBooleanValue());
                    }
                }
            }
        }
        return out;
    }

    /** zone name -> device of every source's zones, from doctor JSON. */
    static Map<String, String> zoneDevices(String json) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            String name = null;
            while (p.nextToken() != null) {
                // a field of an object in an array held by a "zones" field
                if (p.currentToken() != JsonToken.FIELD_NAME || p.getParsingContext().getParent().getParent() == null
                        || !"zones".equals(p.getParsingContext().getParent().getParent().getCurrentName())) {
                    continue;
                }
                if ("name".equals(p.currentName())) {
                    p.nextToken();
                    name = p.getText();
                } else if ("device".equals(p.currentName())) {
                    p.nextToken();
                    out.put(name, p.getText());
                }
            }
        }
        return out;
    }

    /** zone name -> joules from report JSON. */
    static Map<String, Double> zoneJoules(String json) throws IOException {
        Map<String, Double> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            boolean inZones = false;
            String name = null;
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    if (p.getParsingContext().getParent().inRoot()) {
                        inZones = "zones".equals(f);
                    } else if (inZones && "name".equals(f)) {
                        p.nextToken();
                        name = p.getText();
                    } else if (inZones && "joules".equals(f)) {
                        p.nextToken();
                        out.put(name, p.getDoubleValue());
                    }
                }
            }
        }
        return out;
    }

    static double number(String json, String field) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && field.equals(p.currentName())
                        && p.getParsingContext().getParent().inRoot()) {
                    p.nextToken();
                    return p.getDoubleValue();
                }
            }
        }
        throw new AssertionError("no " + field + " in " + json);
    }

    /** Sum of processes[].joules. */
    static double processJoules(String json) throws IOException {
        double sum = 0;
        try (JsonParser p = new JsonFactory().createParser(json)) {
            boolean inProcs = false;
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME) {
                    if (p.getParsingContext().getParent().inRoot()) {
                        inProcs = "processes".equals(p.currentName());
                    } else if (inProcs && "joules".equals(p.currentName())
                            && p.getParsingContext().getParent().getParent().getParent().inRoot()) {
                        p.nextToken();
                        sum += p.getDoubleValue();
                    }
                }
            }
        }
        return sum;
    }
}
