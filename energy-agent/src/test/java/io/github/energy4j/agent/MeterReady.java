package io.github.energy4j.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * For tests that run a metering command in this JVM and change a fake counter while it runs: waits until
 * the command has taken its first sample, which is when the RAPL source opens its counter file and keeps
 * it open. A fixed sleep instead loses the race on a loaded machine, where opening the meter can take
 * longer than the sleep and the change lands in the baseline.
 */
final class MeterReady {

    private MeterReady() {
    }

    /**
     * Returns once this process has held the zone's {@code energy_uj} open across two looks 25 ms apart
     * (the probe's trial read opens and closes it at once; the sampler keeps it).
     *
     * @param zoneDir a powercap zone directory (what {@code FakePowercap.pkg} returns)
     * @throws AssertionError when that does not happen within {@code timeout}
     */
    static void awaitHeldOpen(Path zoneDir, Duration timeout) {
        awaitFileHeldOpen(zoneDir.resolve("energy_uj"), timeout);
    }

    /**
     * The same for any file a source keeps open once opened (an hwmon attribute, say).
     *
     * @throws AssertionError when that does not happen within {@code timeout}
     */
    static void awaitFileHeldOpen(Path file, Duration timeout) {
        Path target;
        try {
            target = file.toRealPath();
        } catch (IOException e) {
            throw new AssertionError("no such counter file " + file, e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean seen = false;
        while (System.nanoTime() < deadline) {
            boolean open = isOpen(target);
            if (open && seen) {
                return;
            }
            seen = open;
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError(file + " was not opened by the meter within " + timeout);
    }

    private static boolean isOpen(Path target) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).equals(target)) {
                        return true;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // closed while listing
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd", e);
        }
        return false;
    }
}
