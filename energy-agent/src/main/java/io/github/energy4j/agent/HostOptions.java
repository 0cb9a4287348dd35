package io.github.energy4j.agent;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.spi.SourceContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every metering command shares ({@code doctor}, {@code report}, {@code serve}, {@code top},
 * {@code run}): host roots, forced sources, provider settings, idle policy. A picocli mixin.
 */
final class HostOptions {

    @Option(names = "--procfs", paramLabel = "D", description = "the proc root (default /proc; the host's in a "
            + "container, e.g. /host/proc)")
    String procfs = "/proc";

    @Option(names = "--sysfs", paramLabel = "D", description = "the sys root (default /sys)")
    String sysfs;

    @Option(names = "--devfs", paramLabel = "D", description = "the dev root (default /dev)")
    String devfs = "/dev";

    @Option(names = "--source", paramLabel = "ID[,ID]", description = "use these power sources (ids as energy4j "
            + "doctor lists them) instead of the best available per group; repeatable")
    List<String> sources = new ArrayList<>();

    @Option(names = "--config", paramLabel = "key=value", description = "a provider setting (README: "
            + "Configuration); repeatable")
    List<String> config = new ArrayList<>();

    @Option(names = "--idle-policy", paramLabel = "P", description = "auto|none|min-observed|usage-ratio|WATTS: how "
            + "idle energy is told from active (default auto; serve with Kepler names: usage-ratio)")
    String idlePolicy;

    /** The proc root. */
    Path procfs() {
        return Path.of(procfs);
    }

    /** The source ids of every {@code --source}, split at commas. */
    List<String> sourceIds() {
        List<String> ids = new ArrayList<>();
        for (String s : sources) {
            for (String id : s.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.trim());
                }
            }
        }
        return ids;
    }

    /** Whether {@code --idle-policy} was given. */
    boolean idlePolicyGiven() {
        return idlePolicy != null;
    }

    /**
     * The roots and {@code --config} settings as providers see them, for the parts of a command that talk to a
     * source outside the meter (the pod source of {@code report}). Call after {@link #builder}, which validates them.
     */
    SourceContext context() {
        Map<String, String> settings = new HashMap<>();
        for (String kv : config) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                settings.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        return new SourceContext(procfs(), Path.of(sysfs == null ? "/sys" : sysfs), Path.of(devfs), settings,
                System::getenv);
    }

    /** A builder over these roots and settings; unreadable roots and bad settings are {@link UsageException}s. */
    EnergyMeter.Builder builder() {
        Path proc = procfs();
        if (!Files.isDirectory(proc) || !Files.isReadable(proc.resolve("stat"))) {
            throw new UsageException("--procfs " + proc + " is not a readable proc root (no 'stat' file); "
                    + "pass the host's /proc, e.g. --procfs /host/proc in a container");
        }
        Path sys = Path.of(sysfs == null ? "/sys" : sysfs);
        if (sysfs != null && !Files.isDirectory(sys)) {
            throw new UsageException("--sysfs " + sys + " is not a directory");
        }
        EnergyMeter.Builder b = EnergyMeter.builder().allProcesses(true).procfs(proc).sysfs(sys)
                .devfs(Path.of(devfs));
        for (String id : sourceIds()) {
            b.sources(id);
        }
        for (String kv : config) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--config needs key=value, was '" + kv + "'");
            }
            b.config(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        if (idlePolicy != null) {
            try {
                b.idlePolicy(IdlePolicy.parse(idlePolicy));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--idle-policy: " + e.getMessage());
            }
        }
        return b;
    }
}
