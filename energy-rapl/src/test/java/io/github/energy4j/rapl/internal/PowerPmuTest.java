package io.github.energy4j.rapl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.Zone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PowerPmuTest {

    @TempDir
    Path tmp;

    @Test
    void shouldParseEventTermsAsTheAbiWritesThem() {
        assertEquals(2, PowerPmu.parseEvent("event=0x02\n", 0));
        assertEquals(0x05L << 8, PowerPmu.parseEvent("event=0x05", 8));
        assertEquals(-1, PowerPmu.parseEvent("event=0x02,umask=0x1", 0));
        assertEquals(-1, PowerPmu.parseEvent("config=0x02", 0));
        assertEquals(-1, PowerPmu.parseEvent("event=zz", 0));
        assertEquals(-1, PowerPmu.parseEvent("", 0));
    }

    @Test
    void shouldParseFormatShiftScaleAndCpuLists() {
        assertEquals(0, PowerPmu.parseFormatShift("config:0-7\n"));
        assertEquals(8, PowerPmu.parseFormatShift("config:8-15"));
        assertEquals(0, PowerPmu.parseFormatShift(null));
        assertEquals(-1, PowerPmu.parseFormatShift("config1:0-7"));
        assertEquals(Math.scalb(1.0, -32), PowerPmu.parseScale("2.3283064365386962890625e-10\n"));
        assertTrue(Double.isNaN(PowerPmu.parseScale("0")));
        assertTrue(Double.isNaN(PowerPmu.parseScale("-1e-9")));
        assertTrue(Double.isNaN(PowerPmu.parseScale("joules")));
        assertArrayEquals(new int[] {0, 28}, PowerPmu.parseCpuList("0,28\n"));
        assertArrayEquals(new int[] {0, 1, 2, 8}, PowerPmu.parseCpuList("8,0-2"));
        assertArrayEquals(new int[0], PowerPmu.parseCpuList("3-1"));
        assertArrayEquals(new int[0], PowerPmu.parseCpuList("a"));
        assertArrayEquals(new int[0], PowerPmu.parseCpuList(""));
    }

    @Test
    void shouldFindTypeCpusAndEventsOfATwoSocketServer() throws IOException {
        Path dir = pmu(tmp, "23", "0,28");
        event(dir, "energy-pkg", "event=0x02", "2.3283064365386962890625e-10", "Joules");
        event(dir, "energy-ram", "event=0x03", "2.3283064365386962890625e-10", "Joules");
        event(dir, "energy-cores", "event=0x01", "2.3283064365386962890625e-10", "Joules");

        PowerPmu.Found f = PowerPmu.scan(tmp);

        assertTrue(f.usable(), f.notes().toString());
        assertEquals(23, f.type());
        assertArrayEquals(new int[] {0, 28}, f.cpus());
        assertEquals(List.of("energy-pkg", "energy-cores", "energy-ram"),
                f.events().stream().map(PowerPmu.Event::name).toList());
        assertEquals(List.of(Zone.Domain.PACKAGE, Zone.Domain.CORE, Zone.Domain.DRAM),
                f.events().stream().map(PowerPmu.Event::domain).toList());
        assertEquals(2, f.events().get(0).config());
        assertEquals(Math.scalb(1.0, -32), f.events().get(0).scale());
    }

    @Test
    void shouldLeaveOutEventsWithoutScaleOrInOtherUnitsAndSayWhy() throws IOException {
        Path dir = pmu(tmp, "23", "0");
        event(dir, "energy-pkg", "event=0x02", "2.3283064365386962890625e-10", "Joules");
        event(dir, "energy-ram", "event=0x03", null, "Joules");
        event(dir, "energy-gpu", "event=0x04", "1e-6", "Watts");

        PowerPmu.Found f = PowerPmu.scan(tmp);

        assertEquals(List.of("energy-pkg"), f.events().stream().map(PowerPmu.Event::name).toList());
        assertEquals(2, f.notes().size(), f.notes().toString());
        assertTrue(f.notes().get(0).contains("energy-gpu") && f.notes().get(0).contains("Watts"), f.notes().toString());
        assertTrue(f.notes().get(1).contains("energy-ram.scale"), f.notes().toString());
    }

    @Test
    void shouldReportNoPmuWhenTheDirectoryOrTypeOrCpumaskIsMissing() throws IOException {
        PowerPmu.Found none = PowerPmu.scan(tmp);
        assertFalse(none.usable());
        assertTrue(none.notes().get(0).contains("no RAPL perf PMU"), none.notes().toString());

        Path dir = pmu(tmp, "x", "0");
        event(dir, "energy-pkg", "event=0x02", "1e-9", "Joules");
        assertTrue(PowerPmu.scan(tmp).notes().get(0).contains("type"));

        Files.writeString(dir.resolve("type"), "23\n");
        Files.writeString(dir.resolve("cpumask"), "\n");
        PowerPmu.Found noCpu = PowerPmu.scan(tmp);
        assertFalse(noCpu.usable());
        assertTrue(noCpu.notes().get(0).contains("cpumask"), noCpu.notes().toString());
    }

    private static Path pmu(Path sysfs, String type, String cpumask) throws IOException {
        Path dir = sysfs.resolve(PowerPmu.DIR);
        Files.createDirectories(dir.resolve("events"));
        Files.createDirectories(dir.resolve("format"));
        Files.writeString(dir.resolve("type"), type + "\n");
        Files.writeString(dir.resolve("cpumask"), cpumask + "\n");
        Files.writeString(dir.resolve("format/event"), "config:0-7\n");
        return dir;
    }

    private static void event(Path dir, String name, String spec, String scale, String unit) throws IOException {
        Files.writeString(dir.resolve("events").resolve(name), spec + "\n");
        if (scale != null) {
            Files.writeString(dir.resolve("events").resolve(name + ".scale"), scale + "\n");
        }
        if (unit != null) {
            Files.writeString(dir.resolve("events").resolve(name + ".unit"), unit + "\n");
        }
    }
}
