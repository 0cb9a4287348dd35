package io.github.energy4j.platform.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds programs on the {@code PATH}. */
public final class Executables {

    private Executables() {
    }

    /**
     * The first executable named {@code name} on {@code path} (a {@link File#pathSeparator}-separated
     * list), or null.
     */
    public static Path find(String name, String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
