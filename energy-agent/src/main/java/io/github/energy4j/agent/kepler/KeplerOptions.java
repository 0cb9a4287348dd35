package io.github.energy4j.agent.kepler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kepler's command-line flags and configuration file on {@code energy4j serve}, so that a Kepler DaemonSet or Helm
 * values can switch the image. The reference is Kepler 0.11: the flags of {@code RegisterFlags} and the YAML keys of
 * the {@code Config} struct in {@code config/config.go}, {@code --config.file} in {@code cmd/kepler/main.go}, and the
 * documented file {@code hack/config.yaml}. As in Kepler, the file is read first and flags override it; energy4j's
 * own options, given after, override both.
 *
 * <table>
 * <caption>What maps onto what</caption>
 * <tr><th>Kepler flag</th><th>YAML key</th><th>energy4j</th></tr>
 * <tr><td>--web.listen-address (one)</td><td>web.listenAddresses</td><td>--listen ({@code :PORT} becomes
 *     {@code 0.0.0.0:PORT}: Kepler binds every interface)</td></tr>
 * <tr><td>--monitor.interval</td><td>monitor.interval</td><td>--interval</td></tr>
 * <tr><td>--metrics (repeatable)</td><td>exporter.prometheus.metricsLevel</td><td>--metrics-level</td></tr>
 * <tr><td>--host.procfs, --host.sysfs</td><td>host.procfs, host.sysfs</td><td>--procfs, --sysfs</td></tr>
 * <tr><td>--kube.node-name</td><td>kube.nodeName</td><td>--node-name and k8s.nodeName</td></tr>
 * <tr><td>--kube.enable</td><td>kube.enabled, kube.podInformer.mode</td><td>k8s.podSource
 *     ({@code kubelet} or {@code apiserver}; {@code none} when disabled)</td></tr>
 * <tr><td></td><td>kube.podInformer.pollInterval</td><td>k8s.refreshInterval</td></tr>
 * <tr><td>--log.level</td><td>log.level</td><td>the log level of slf4j-simple</td></tr>
 * <tr><td>--experimental.hwmon.enabled</td><td>experimental.hwmon.enabled / forceEnabled</td>
 *     <td>--source hwmon-cpu (hwmon as the CPU power meter)</td></tr>
 * </table>
 * A dotted flag that is not Kepler's ({@code --exporter.prometheus.port}) is a usage error: energy4j's own options
 * have no dots, so it is a misspelt or newer Kepler flag. Kepler settings without an energy4j equivalent are
 * accepted and reported in one warning line, unless they hold
 * Kepler's default (a stock file gives no warning for them); {@code kube.config} (a kubeconfig file) is among them:
 * energy4j reads the in-cluster ServiceAccount, or {@code k8s.apiServerUrl} and {@code k8s.tokenFile}. Keys that
 * are not Kepler's are named in a warning too. A malformed file, an unreadable one or a bad value is an
 * {@link IllegalArgumentException} (the command's usage error).
 */
public final class KeplerOptions {

    /** Kepler's valued flags and the YAML key each sets. */
    private static final Map<String, String> VALUED = Map.ofEntries(
            Map.entry("log.level", "log.level"), Map.entry("log.format", "log.format"),
            Map.entry("host.sysfs", "host.sysfs"), Map.entry("host.procfs", "host.procfs"),
            Map.entry("monitor.interval", "monitor.interval"),
            Map.entry("monitor.max-terminated", "monitor.maxTerminated"),
            Map.entry("web.config-file", "web.configFile"), Map.entry("web.listen-address", "web.listenAddresses"),
            Map.entry("metrics", "exporter.prometheus.metricsLevel"),
            Map.entry("kube.config", "kube.config"), Map.entry("kube.node-name", "kube.nodeName"),
            Map.entry("experimental.platform.redfish.node-name", "experimental.platform.redfish.nodeName"),
            Map.entry("experimental.platform.redfish.config-file", "experimental.platform.redfish.configFile"),
            Map.entry("experimental.hwmon.zones", "experimental.hwmon.zones"),
            Map.entry("experimental.gpu.idle-power", "experimental.gpu.idlePower"),
            Map.entry("experimental.gpu.dcgm-endpoint", "experimental.gpu.dcgmEndpoint"));
    /** Kepler's boolean flags ({@code --flag}, {@code --no-flag}, {@code --flag=true}) and the YAML key each sets. */
    private static final Map<String, String> BOOLEAN = Map.of(
            "debug.pprof", "debug.pprof.enabled", "exporter.stdout", "exporter.stdout.enabled",
            "exporter.prometheus", "exporter.prometheus.enabled", "kube.enable", "kube.enabled",
            "experimental.platform.redfish.enabled", "experimental.platform.redfish.enabled",
            "experimental.hwmon.enabled", "experimental.hwmon.enabled",
            "experimental.gpu.enabled", "experimental.gpu.enabled");
    /** Flags that may repeat, accumulating (kingpin's {@code Strings()} and Kepler's cumulative metrics level). */
    private static final Set<String> REPEATED = Set.of("web.listenAddresses", "exporter.prometheus.metricsLevel",
            "experimental.hwmon.zones");
    /** Keys mapped onto energy4j options. */
    private static final Set<String> MAPPED = Set.of("log.level", "host.sysfs", "host.procfs", "monitor.interval",
            "web.listenAddresses", "exporter.prometheus.metricsLevel", "kube.enabled", "kube.nodeName",
            "kube.podInformer.mode", "kube.podInformer.pollInterval", "experimental.hwmon.enabled",
            "experimental.hwmon.forceEnabled");
    /**
     * Kepler's other keys with their defaults ({@code DefaultConfig()}): one that holds its default needs no
     * equivalent; {@code *} accepts any value (a setting that does not change what is measured or exported).
     */
    private static final Map<String, String> UNMAPPED_DEFAULTS = Map.ofEntries(
            Map.entry("log.format", "text"), Map.entry("monitor.staleness", "*"),
            Map.entry("monitor.maxTerminated", "500"), Map.entry("monitor.minTerminatedEnergyThreshold", "10"),
            Map.entry("rapl.zones", "[]"), Map.entry("exporter.stdout.enabled", "false"),
            Map.entry("exporter.prometheus.enabled", "true"), Map.entry("exporter.prometheus.debugCollectors", "*"),
            Map.entry("debug.pprof.enabled", "false"), Map.entry("web.configFile", ""), Map.entry("kube.config", ""),
            Map.entry("dev.fake-cpu-meter.enabled", "false"), Map.entry("dev.fake-cpu-meter.zones", "*"),
            Map.entry("experimental.platform.redfish.enabled", "false"),
            Map.entry("experimental.platform.redfish.configFile", "*"),
            Map.entry("experimental.platform.redfish.nodeName", "*"),
            Map.entry("experimental.platform.redfish.httpTimeout", "*"),
            Map.entry("experimental.hwmon.zones", "[]"), Map.entry("experimental.hwmon.chipRules", "*"),
            Map.entry("experimental.gpu.enabled", "false"), Map.entry("experimental.gpu.idlePower", "0"),
            Map.entry("experimental.gpu.dcgmEndpoint", ""));

    /**
     * The translation of a command line.
     *
     * @param argv     energy4j options: those from Kepler's settings first, then the caller's own, unchanged
     * @param logLevel Kepler's log level ({@code debug}, {@code info}, {@code warn}, {@code error}); empty when
     *                 not set
     * @param warnings one-line notes on settings that were accepted but have no effect
     * @param kepler   whether any Kepler flag or file was given
     */
    public record Translated(List<String> argv, String logLevel, List<String> warnings, boolean kepler) {
    }

    private KeplerOptions() {
    }

    /**
     * Takes Kepler's flags and {@code --config.file} out of {@code argv} and turns them into energy4j options.
     *
     * @throws IllegalArgumentException for a missing flag value, an unreadable or malformed file, or a bad value
     */
    public static Translated translate(List<String> argv) {
        Map<String, Object> flags = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        String file = null;
        for (int i = 0; i < argv.size(); i++) {
            String s = argv.get(i);
            if (s.equals("--")) {
                rest.addAll(argv.subList(i, argv.size()));
                break;
            }
            if (!s.startsWith("--")) {
                rest.add(s);
                continue;
            }
            String name = s.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (name.equals("config.file") || VALUED.containsKey(name)) {
                if (value == null) {
                    if (i + 1 >= argv.size() || argv.get(i + 1).startsWith("--")) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = argv.get(++i);
                }
                if (name.equals("config.file")) {
                    file = value;
                } else {
                    put(flags, VALUED.get(name), value);
                }
            } else if (BOOLEAN.containsKey(name) || (name.startsWith("no-") && BOOLEAN.containsKey(name.substring(3)))) {
                boolean no = !BOOLEAN.containsKey(name);
                String key = BOOLEAN.get(no ? name.substring(3) : name);
                flags.put(key, Boolean.toString(!no && (value == null || bool(value, "--" + name))));
            } else if (name.contains(".")) {
                // energy4j's own options have no dots: this one looks like Kepler's, but Kepler 0.11 has no such flag
                throw new IllegalArgumentException("unknown option --" + name + ": not one of Kepler 0.11's flags, "
                        + "nor an energy4j option (README: Switching from Kepler)");
            } else {
                rest.add(s);
            }
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        if (file != null) {
            settings.putAll(load(Path.of(file)));
        }
        settings.putAll(flags);
        boolean kepler = file != null || !flags.isEmpty();
        List<String> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String logLevel = kepler ? map(settings, out, warnings) : "";
        out.addAll(rest);
        return new Translated(List.copyOf(out), logLevel, List.copyOf(warnings), kepler);
    }

    /** Reads a Kepler configuration file. */
    static Map<String, Object> load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--config.file " + file + " cannot be read (" + e.getMessage() + ")");
        }
        try {
            return YamlSubset.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--config.file " + file + ", " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> flags, String key, String value) {
        if (REPEATED.contains(key)) {
            ((List<String>) flags.computeIfAbsent(key, k -> new ArrayList<String>())).add(value);
        } else {
            flags.put(key, value);
        }
    }

    /** Appends the energy4j options for {@code s} to {@code out}; returns the log level. */
    private static String map(Map<String, Object> s, List<String> out, List<String> warnings) {
        Set<String> ignored = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, Object> e : s.entrySet()) {
            String k = e.getKey();
            if (e.getValue() == YamlSubset.UNSUPPORTED && !"*".equals(UNMAPPED_DEFAULTS.get(k))) {
                throw new IllegalArgumentException("Kepler setting " + k + " uses YAML this reader does not support "
                        + "(anchors, flow mappings, multi-line or nested lists); write it as a plain value or list");
            }
            if (MAPPED.contains(k)) {
                continue;
            }
            String def = UNMAPPED_DEFAULTS.get(k);
            if (def == null) {
                unknown.add(k);
            } else if (!def.equals("*") && !def.equals(text(e.getValue()))) {
                ignored.add(k);
            }
        }
        String procfs = string(s, "host.procfs");
        if (!procfs.isEmpty()) {
            out.add("--procfs=" + procfs);
        }
        String sysfs = string(s, "host.sysfs");
        if (!sysfs.isEmpty()) {
            out.add("--sysfs=" + sysfs);
        }
        String interval = string(s, "monitor.interval");
        if (!interval.isEmpty()) {
            out.add("--interval=" + interval);
        }
        List<String> listen = list(s, "web.listenAddresses");
        if (listen.size() > 1) {
            throw new IllegalArgumentException("Kepler's web.listenAddresses / --web.listen-address has "
                    + listen.size() + " addresses; energy4j serves one: keep one");
        }
        if (listen.size() == 1) {
            String a = listen.get(0).trim();
            out.add("--listen=" + (a.startsWith(":") ? "0.0.0.0" + a : a));
        }
        List<String> levels = list(s, "exporter.prometheus.metricsLevel");
        if (!levels.isEmpty()) {
            out.add("--metrics-level=" + String.join(",", levels));
        }
        String node = string(s, "kube.nodeName");
        if (!node.isEmpty()) {
            out.add("--node-name=" + node);
            out.add("--config=k8s.nodeName=" + node);
        }
        if (s.containsKey("kube.enabled")) {
            boolean on = bool(string(s, "kube.enabled"), "kube.enabled");
            String mode = string(s, "kube.podInformer.mode");
            if (!mode.isEmpty() && !mode.equals("kubelet") && !mode.equals("apiserver")) {
                throw new IllegalArgumentException("Kepler's kube.podInformer.mode must be kubelet or apiserver, was '"
                        + mode + "'");
            }
            out.add("--config=k8s.podSource=" + (!on ? "none" : mode.isEmpty() ? "kubelet" : mode));
        }
        String poll = string(s, "kube.podInformer.pollInterval");
        if (!poll.isEmpty()) {
            out.add("--config=k8s.refreshInterval=" + poll);
        }
        if (isTrue(s, "experimental.hwmon.enabled") || isTrue(s, "experimental.hwmon.forceEnabled")) {
            out.add("--source=hwmon-cpu");
        }
        String level = string(s, "log.level").toLowerCase(Locale.ROOT);
        if (!level.isEmpty() && !Set.of("debug", "info", "warn", "error").contains(level)) {
            throw new IllegalArgumentException("Kepler's log.level must be debug, info, warn or error, was '" + level
                    + "'");
        }
        if (!ignored.isEmpty()) {
            warnings.add("ignoring Kepler settings energy4j has no equivalent for: " + String.join(", ", ignored)
                    + " (README: Switching from Kepler)");
        }
        if (!unknown.isEmpty()) {
            warnings.add("ignoring settings Kepler does not have: " + String.join(", ", unknown));
        }
        return level;
    }

    private static boolean isTrue(Map<String, Object> s, String key) {
        return s.containsKey(key) && bool(string(s, key), key);
    }

    private static boolean bool(String v, String what) {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
            case "":
                return false;
            default:
                throw new IllegalArgumentException(what + " must be true or false, was '" + v + "'");
        }
    }

    private static String string(Map<String, Object> s, String key) {
        Object v = s.get(key);
        if (v instanceof List<?> l) {
            throw new IllegalArgumentException("Kepler setting " + key + " takes one value, was the list " + l);
        }
        return v == null ? "" : ((String) v).trim();
    }

    /** A list setting; a single value (Kepler's {@code metricsLevel: node}) is a list of one. */
    private static List<String> list(Map<String, Object> s, String key) {
        Object v = s.get(key);
        if (v == null || "".equals(v)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object o : v instanceof List<?> l ? l : List.of(v)) {
            if (!o.toString().isBlank()) {
                out.add(o.toString().trim());
            }
        }
        return out;
    }

    private static String text(Object v) {
        return v instanceof List<?> l ? (l.isEmpty() ? "[]" : l.toString()) : v.toString();
    }
}
