package io.github.energy4j.testing;

import io.github.energy4j.internal.io.Ascii;
import io.github.energy4j.internal.io.KeptFile;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for a hardware counter in tests: each directory {@code <sysfs>/test-counter/<zone>} holds
 * {@code energy_uj}, {@code range_uj} and {@code domain} files, read like RAPL's. Lets core tests drive
 * exact counter values (wraps, resets, unreadable reads) without a sensor.
 */
public final class FileCounterProvider implements PowerSourceProvider {

    @Override
    public String id() {
        return "test-counter";
    }

    @Override
    public Zone.Group group() {
        return Zone.Group.CPU;
    }

    @Override
    public int priority() {
        return 200;
    }

    @Override
    public String description() {
        return "test counters under <sysfs>/test-counter";
    }

    /** Writes a zone's files. */
    public static void zone(Path sysfs, String name, Zone.Domain domain, long rangeUj, long energyUj) {
        Path d = sysfs.resolve("test-counter").resolve(name);
        FakeProcfs.write(d.resolve("domain"), domain.name() + "\n");
        FakeProcfs.write(d.resolve("range_uj"), rangeUj + "\n");
        FakeProcfs.write(d.resolve("energy_uj"), energyUj + "\n");
    }

    /** Sets a zone's counter. */
    public static void energy(Path sysfs, String name, long energyUj) {
        FakeProcfs.write(sysfs.resolve("test-counter").resolve(name).resolve("energy_uj"), energyUj + "\n");
    }

    @Override
    public Probe probe(SourceContext context) {
        try {
            return Probe.available(zones(context.sysfs()));
        } catch (IOException e) {
            return Probe.unavailable("no " + context.sysfs().resolve("test-counter"), "create it");
        }
    }

    private static List<Zone> zones(Path sysfs) throws IOException {
        List<Zone> zones = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(sysfs.resolve("test-counter"))) {
            List<Path> dirs = new ArrayList<>();
            ds.forEach(dirs::add);
            dirs.sort(null);
            for (Path d : dirs) {
                zones.add(Zone.microjouleCounter(d.getFileName().toString(), 0,
                        Zone.Domain.valueOf(Files.readString(d.resolve("domain")).trim()),
                        Long.parseLong(Files.readString(d.resolve("range_uj")).trim()), 500, d.toString()));
            }
        }
        return zones;
    }

    @Override
    public PowerSource open(SourceContext context) throws EnergySourceException {
        List<Zone> zones;
        try {
            zones = zones(context.sysfs());
        } catch (IOException e) {
            throw new EnergySourceException(EnergySourceException.Reason.NOT_SUPPORTED, e.toString(), "create it");
        }
        KeptFile[] files = new KeptFile[zones.size()];
        for (int i = 0; i < files.length; i++) {
            files[i] = KeptFile.lazy(Path.of(zones.get(i).device()).resolve("energy_uj"), 64);
        }
        return new PowerSource() {
            @Override
            public String id() {
                return "test-counter";
            }

            @Override
            public List<Zone> zones() {
                return zones;
            }

            @Override
            public int read(long[] values) {
                for (int i = 0; i < files.length; i++) {
                    int n = files[i].read();
                    files[i].reopenNextRead(); // tests rewrite the files
                    long v = n > 0 ? Ascii.parseUnsigned(files[i].bytes(), 0, n) : Ascii.INVALID;
                    values[i] = v == Ascii.INVALID ? UNAVAILABLE : v;
                }
                return files.length;
            }

            @Override
            public String lastError() {
                return "test counter unreadable";
            }

            @Override
            public void close() {
                for (KeptFile f : files) {
                    f.close();
                }
            }
        };
    }
}
