package io.github.energy4j.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a provider may look at: the host roots and the configuration. Roots are injectable so that a
 * DaemonSet reads {@code /host/proc} and tests read a fake tree; nothing is global or static.
 *
 * <p>Configuration keys are namespaced by provider id ({@code rapl.msr}, {@code nvml.library},
 * {@code ipmi.host}). Secrets are never put here; providers read them through {@link #env(String)}
 * or from files named in the configuration.
 *
 * @param procfs  the proc filesystem root, normally {@code /proc}
 * @param sysfs   the sys filesystem root, normally {@code /sys}
 * @param devfs   the dev filesystem root, normally {@code /dev}
 * @param config  provider settings, never null
 * @param envLookup environment lookup (System::getenv in production, a map in tests)
 */
public record SourceContext(Path procfs, Path sysfs, Path devfs, Map<String, String> config,
                            Function<String, String> envLookup) {

    public SourceContext {
        Objects.requireNonNull(procfs, "procfs");
        Objects.requireNonNull(sysfs, "sysfs");
        Objects.requireNonNull(devfs, "devfs");
        config = Map.copyOf(config);
        Objects.requireNonNull(envLookup, "envLookup");
    }

    /** The real host: {@code /proc}, {@code /sys}, {@code /dev}, no configuration. */
    public static SourceContext host() {
        return new SourceContext(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"), Map.of(), System::getenv);
    }

    /** A context over the given roots with no configuration. */
    public static SourceContext of(Path procfs, Path sysfs) {
        return new SourceContext(procfs, sysfs, Path.of("/dev"), Map.of(), System::getenv);
    }

    /** A configuration value, or {@code defaultValue} when absent or blank. */
    public String get(String key, String defaultValue) {
        String v = config.get(key);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    /** A boolean configuration value ({@code true}/{@code false}). */
    public boolean getBoolean(String key, boolean defaultValue) {
        String v = config.get(key);
        return v == null || v.isBlank() ? defaultValue : Boolean.parseBoolean(v.trim());
    }

    /** An environment variable, or null. */
    public String env(String name) {
        return envLookup.apply(name);
    }

    /** A copy with one more configuration entry. */
    public SourceContext with(String key, String value) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>(config);
        m.put(key, value);
        return new SourceContext(procfs, sysfs, devfs, m, envLookup);
    }
}
