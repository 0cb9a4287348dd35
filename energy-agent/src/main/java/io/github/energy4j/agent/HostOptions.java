package io.github.energy4j.agent;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.spi.SourceContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The options every metering command shares: roots, forced sources, provider settings, idle policy. */
final class HostOptions {

    static final Set<String> VALUED = Set.of("procfs", "sysfs", "devfs", "source", "config", "idle-policy");

    private HostOptions() {
    }

    /**
     * The roots and {@code --config} settings in {@code a} as providers see them, for the parts of a command
     * that talk to a source outside the meter (the pod source of {@code report}). Call after
     * {@link #builder}, which validates them.
     */
    static SourceContext context(Args a) {
        Map<String, String> config = new HashMap<>();
        for (String kv : a.all("config")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                config.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        return new SourceContext(Path.of(a.get("procfs", "/proc")), Path.of(a.get("sysfs", "/sys")),
                Path.of(a.get("devfs", "/dev")), config, System::getenv);
    }

    /** A builder over the roots and settings in {@code a}; unreadable roots are usage errors. */
    static EnergyMeter.Builder builder(String command, Args a) {
        Path procfs = Path.of(a.get("procfs", "/proc"));
        if (!Files.isDirectory(procfs) || !Files.isReadable(procfs.resolve("stat"))) {
            throw new UsageException(command + ": --procfs " + procfs + " is not a readable proc root (no 'stat' file); "
                    + "pass the host's /proc, e.g. --procfs /host/proc in a container");
        }
        Path sysfs = Path.of(a.get("sysfs", "/sys"));
        if (a.has("sysfs") && !Files.isDirectory(sysfs)) {
            throw new UsageException(command + ": --sysfs " + sysfs + " is not a directory");
        }
        EnergyMeter.Builder b = EnergyMeter.builder().allProcesses(true).procfs(procfs).sysfs(sysfs)
                .devfs(Path.of(a.get("devfs", "/dev")));
        for (String s : a.all("source")) {
            for (String id : s.split(",")) {
                if (!id.isBlank()) {
                    b.sources(id.trim());
                }
            }
        }
        for (String kv : a.all("config")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException(command + ": --config needs key=value, was '" + kv + "'");
            }
            b.config(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        if (a.has("idle-policy")) {
            try {
                b.idlePolicy(IdlePolicy.parse(a.get("idle-policy", "auto")));
            } catch (IllegalArgumentException e) {
                throw new UsageException(command + ": --idle-policy: " + e.getMessage());
            }
        }
        return b;
    }
}
