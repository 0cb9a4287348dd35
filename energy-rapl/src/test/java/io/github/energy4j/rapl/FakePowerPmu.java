package io.github.energy4j.rapl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code power} PMU in the kernel's sysfs layout ({@code bus/event_source/devices/power/{type,cpumask,format/event,
 * events/energy-*{,.scale,.unit}}}, as {@code arch/x86/events/rapl.c} publishes it) plus CPU topology files.
 */
final class FakePowerPmu {

    /** The kernel's RAPL scale: 2^-32 J. */
    static final String RAPL_SCALE = "2.3283064365386962890625e-10";

    private final Path sysfs;
    private final Path dir;

    private FakePowerPmu(Path sysfs) {
        this.sysfs = sysfs;
        this.dir = sysfs.resolve("bus/event_source/devices/power");
    }

    static FakePowerPmu create(Path sysfs, int type, String cpumask) {
        FakePowerPmu p = new FakePowerPmu(sysfs);
        p.write(p.dir.resolve("type"), type + "\n");
        p.write(p.dir.resolve("cpumask"), cpumask + "\n");
        p.write(p.dir.resolve("format/event"), "config:0-7\n");
        return p;
    }

    FakePowerPmu event(String name, int code, String scale, String unit) {
        write(dir.resolve("events").resolve(name), String.format("event=0x%02x\n", code));
        if (scale != null) {
            write(dir.resolve("events").resolve(name + ".scale"), scale + "\n");
        }
        if (unit != null) {
            write(dir.resolve("events").resolve(name + ".unit"), unit + "\n");
        }
        return this;
    }

    /** The RAPL events of a two-domain client part: package and cores, at the kernel's scale. */
    FakePowerPmu raplEvent(String name, int code) {
        return event(name, code, RAPL_SCALE, "Joules");
    }

    FakePowerPmu cpu(int cpu, int pkg, int die) {
        Path topo = sysfs.resolve("devices/system/cpu/cpu" + cpu + "/topology");
        write(topo.resolve("physical_package_id"), pkg + "\n");
        write(topo.resolve("die_id"), die + "\n");
        return this;
    }

    Path sysfs() {
        return sysfs;
    }

    Path dir() {
        return dir;
    }

    private void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
