package io.github.energy4j.profiler.internal.report;

import io.github.energy4j.profiler.internal.ProfilerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a profile's four files: collapsed stacks, JSON and CSV tables, then the HTML flame graph last, each to a
 * temporary file beside it and moved into place, so a reader never sees half a file and the HTML's presence means
 * the others are complete.
 */
public final class ProfileFiles {

    private ProfileFiles() {
    }

    /**
     * Writes the files {@code options} names.
     *
     * @return the files written, in order
     * @throws IOException naming the file that could not be written
     */
    public static List<Path> write(EnergyProfile p, ProfilerOptions options) throws IOException {
        List<Path> written = new ArrayList<>();
        write(options.collapsed(), CollapsedStacks.format(p), written);
        write(options.json(), JsonReport.format(p, options.top()), written);
        write(options.csv(), CsvReport.format(p, options.top()), written);
        write(options.output(), FlameGraphHtml.format(p), written);
        return written;
    }

    private static void write(Path target, String text, List<Path> written) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot write " + abs + " (" + e + "); pass a writable path", e);
        }
        written.add(abs);
    }
}
