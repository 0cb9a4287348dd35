package io.github.energy4j.platform.hwmon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds a {@code class/hwmon} tree in the kernel's format: one decimal value and a newline per file. */
final class HwmonTree {

    private final Path sysfs;

    HwmonTree(Path sysfs) {
        this.sysfs = sysfs;
    }

    Path sysfs() {
        return sysfs;
    }

    /** Creates {@code class/hwmon/hwmon<n>} with the given {@code name}. */
    Device device(int n, String name) {
        Device d = new Device(sysfs.resolve("class/hwmon/hwmon" + n));
        return d.set("name", name);
    }

    static final class Device {
        final Path dir;

        Device(Path dir) {
            this.dir = dir;
        }

        Device set(String attribute, Object value) {
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(attribute), value + "\n", StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }
}
