package io.github.energy4j.rapl.testing;

import io.github.energy4j.testing.FakeProcfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Builds a powercap tree in the kernel's layout: zones live in
 * {@code devices/virtual/powercap/<type>/<type>:<id>[/<type>:<id>:<sub>]} and
 * {@code class/powercap} holds one symlink per control type and per zone, flat, as sysfs does.
 */
public final class FakePowercap {

    /** A typical client/server range: 2^32 - 1 units of 61035 nJ, as the kernel computes it. */
    public static final long INTEL_RANGE_UJ = 262_143_328_850L;

    private final Path sysfs;
    private final boolean withClassLinks;

    private FakePowercap(Path sysfs, boolean withClassLinks) {
        this.sysfs = sysfs;
        this.withClassLinks = withClassLinks;
    }

    public static FakePowercap create(Path sysfs) {
        return new FakePowercap(sysfs, true);
    }

    /** Only {@code devices/virtual/powercap}, no {@code class/powercap}. */
    public static FakePowercap createWithoutClass(Path sysfs) {
        return new FakePowercap(sysfs, false);
    }

    public Path sysfs() {
        return sysfs;
    }

    /** The control-type directory, with its {@code enabled} file. */
    public Path controlType(String type) {
        Path dir = sysfs.resolve("devices/virtual/powercap").resolve(type);
        if (!Files.exists(dir.resolve("enabled"))) {
            FakeProcfs.write(dir.resolve("enabled"), "1\n");
            link(sysfs.resolve("class/powercap").resolve(type), dir);
        }
        return dir;
    }

    /**
     * Adds a zone with two constraints (long_term, short_term) like a package, or one like a subzone.
     *
     * @param type    control type, e.g. {@code intel-rapl}
     * @param id      hex id path after the type, e.g. {@code 0} or {@code 0:2} or {@code a}
     * @param name    kernel name ({@code package-0}, {@code core}, ...)
     * @param energyUj initial counter
     * @param rangeUj  max_energy_range_uj
     * @param limitUw  constraint_0_power_limit_uw
     */
    public Path zone(String type, String id, String name, long energyUj, long rangeUj, long limitUw) {
        Path dir = controlType(type);
        String[] parts = id.split(":");
        StringBuilder sb = new StringBuilder(type);
        for (String part : parts) {
            sb.append(':').append(part);
            dir = dir.resolve(sb.toString());
        }
        FakeProcfs.write(dir.resolve("name"), name + "\n");
        FakeProcfs.write(dir.resolve("energy_uj"), energyUj + "\n");
        FakeProcfs.write(dir.resolve("max_energy_range_uj"), rangeUj + "\n");
        FakeProcfs.write(dir.resolve("enabled"), "1\n");
        FakeProcfs.write(dir.resolve("constraint_0_name"), "long_term\n");
        FakeProcfs.write(dir.resolve("constraint_0_power_limit_uw"), limitUw + "\n");
        FakeProcfs.write(dir.resolve("constraint_0_max_power_uw"), "0\n");
        FakeProcfs.write(dir.resolve("constraint_0_time_window_us"), "27983872\n");
        if (parts.length == 1) {
            FakeProcfs.write(dir.resolve("constraint_1_name"), "short_term\n");
            FakeProcfs.write(dir.resolve("constraint_1_power_limit_uw"), (limitUw * 5 / 4) + "\n");
            FakeProcfs.write(dir.resolve("constraint_1_time_window_us"), "2440\n");
        }
        link(sysfs.resolve("class/powercap").resolve(sb.toString()), dir);
        return dir;
    }

    /** A package zone with the Intel range and a 125 W limit. */
    public Path pkg(String id, String name, long energyUj) {
        return zone("intel-rapl", id, name, energyUj, INTEL_RANGE_UJ, 125_000_000L);
    }

    public static void set(Path zoneDir, String attr, String content) {
        FakeProcfs.write(zoneDir.resolve(attr), content);
    }

    /**
     * Sets the counter in place, as the kernel's file would change: one positioned write, never an empty file in
     * between (a truncating write lets a reader that opens the file at that moment see nothing, and so an
     * unreadable zone). A shorter value (a reset) is written first, then the rest cut off.
     */
    public static void energy(Path zoneDir, long uj) {
        byte[] text = (uj + "\n").getBytes(StandardCharsets.US_ASCII);
        Path file = zoneDir.resolve("energy_uj");
        try (FileChannel ch = FileChannel.open(file,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(text), 0);
            if (ch.size() > text.length) {
                ch.truncate(text.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void link(Path link, Path target) {
        if (!withClassLinks) {
            return;
        }
        try {
            Files.createDirectories(link.getParent());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, link.getParent().relativize(target));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
