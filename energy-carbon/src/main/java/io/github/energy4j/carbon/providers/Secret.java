package io.github.energy4j.carbon.providers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A token or password. It remembers where it came from (an environment variable or a file) so errors can
 * name the setting, and {@link #toString()} never shows the value.
 */
public final class Secret {

    private final String value;
    private final Path file;
    private final String origin;

    private Secret(String value, Path file, String origin) {
        this.value = value;
        this.file = file;
        this.origin = origin;
    }

    /** A secret given directly (from the application's own configuration). */
    public static Secret of(String value, String origin) {
        Objects.requireNonNull(value, "value");
        return new Secret(value, null, Objects.requireNonNull(origin, "origin"));
    }

    /** A secret read from {@code file} (first line, trimmed) each time it is used, so rotation is picked up. */
    public static Secret fromFile(Path file) {
        return new Secret(null, Objects.requireNonNull(file, "file"), "file " + file);
    }

    /**
     * The secret in environment variable {@code name}, or in the file named by {@code name + "_FILE"};
     * empty when neither is set.
     */
    public static Optional<Secret> fromEnvironment(Map<String, String> env, String name) {
        String direct = env.get(name);
        if (direct != null && !direct.isBlank()) {
            return Optional.of(new Secret(direct.trim(), null, "environment variable " + name));
        }
        String file = env.get(name + "_FILE");
        if (file != null && !file.isBlank()) {
            return Optional.of(new Secret(null, Path.of(file.trim()), "file named by " + name + "_FILE"));
        }
        return Optional.empty();
    }

    /** The value; reads the file when the secret lives in one. */
    public String reveal() throws IOException {
        if (value != null) {
            return value;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
    }

    /** Where the secret comes from, e.g. "environment variable ENERGY4J_ELECTRICITYMAPS_TOKEN". */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "Secret[****, from " + origin + "]";
    }
}
