package io.github.energy4j.agent.gpu;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * The GPU service's start-up settings, from {@code serve} flags, else environment variables, else defaults.
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>flag</th><th>environment</th><th>default</th></tr>
 *   <tr><td>--gpu-analysis auto|on|off</td><td>GPU_ANALYSIS</td><td>auto: on when the meter reads NVML</td></tr>
 *   <tr><td>--gpu-analysis-interval</td><td>GPU_ANALYSIS_INTERVAL</td><td>300s</td></tr>
 *   <tr><td>--gpu-window</td><td>GPU_WINDOW</td><td>10m (at most 1h)</td></tr>
 *   <tr><td>--gpu-low-threshold</td><td>GPU_LOW_THRESHOLD</td><td>20 (score 0–100)</td></tr>
 *   <tr><td>--gpu-workers</td><td>GPU_WORKERS</td><td>8 (concurrent advice requests)</td></tr>
 *   <tr><td>--ai-url</td><td>AI_URL</td><td>none: no LLM advice</td></tr>
 *   <tr><td>--ai-model</td><td>AI_MODEL</td><td>gpt-4o-mini</td></tr>
 *   <tr><td>--ai-timeout</td><td>AI_TIMEOUT</td><td>20s per attempt</td></tr>
 *   <tr><td>--gpu-config-update</td><td>GPU_CONFIG_UPDATE=true</td><td>off: POST /config/update only with basic auth</td></tr>
 * </table>
 *
 * <p>The API key is read from {@code AI_API_KEY} when a request is made and is never stored here or logged.
 */
public record GpuServiceOptions(String mode, Duration analysisInterval, Duration window, double lowThreshold,
                                int workers, String aiUrl, String aiModel, Duration aiTimeout,
                                boolean configUpdate) {

    /** The environment variable holding the chat API key. */
    public static final String API_KEY_ENV = "AI_API_KEY";
    public static final String DEFAULT_MODEL = "gpt-4o-mini";
    /** The longest window: the sample ring holds one hour at 1 Hz per GPU (about 220 KiB). */
    public static final Duration MAX_WINDOW = Duration.ofHours(1);

    /**
     * @param flag     the value of a flag (named without its dashes), or null when not given
     * @param env      environment lookup
     * @param duration the command line's duration parser (500ms, 10s, 5m, 1h)
     * @throws IllegalArgumentException naming the flag or variable and the allowed values
     */
    public static GpuServiceOptions parse(Function<String, String> flag, Function<String, String> env,
                                          Function<String, Duration> duration) {
        String mode = value(flag, env, "gpu-analysis", "GPU_ANALYSIS", "auto").toLowerCase(Locale.ROOT);
        if (!mode.equals("auto") && !mode.equals("on") && !mode.equals("off")) {
            throw new IllegalArgumentException("--gpu-analysis must be auto, on or off, was '" + mode + "'");
        }
        Duration interval = durationOf(flag, env, duration, "gpu-analysis-interval", "GPU_ANALYSIS_INTERVAL", "300s");
        Duration window = durationOf(flag, env, duration, "gpu-window", "GPU_WINDOW", "10m");
        double low = numberOf(flag, env, "gpu-low-threshold", "GPU_LOW_THRESHOLD", "20");
        int workers = (int) numberOf(flag, env, "gpu-workers", "GPU_WORKERS", "8");
        String url = value(flag, env, "ai-url", "AI_URL", "");
        String model = value(flag, env, "ai-model", "AI_MODEL", DEFAULT_MODEL);
        Duration timeout = durationOf(flag, env, duration, "ai-timeout", "AI_TIMEOUT", "20s");
        boolean update = flag.apply("gpu-config-update") != null
                || "true".equalsIgnoreCase(env.apply("GPU_CONFIG_UPDATE"));
        return validate(mode, interval, window, low, workers, url, model, timeout, update);
    }

    static GpuServiceOptions validate(String mode, Duration interval, Duration window, double low, int workers,
                                      String url, String model, Duration timeout, boolean update) {
        checkInterval(interval);
        checkWindow(window);
        checkThreshold(low);
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("--gpu-workers must be 1..64, was " + workers);
        }
        if (!url.isEmpty() && !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("--ai-url must be an http:// or https:// chat-completions URL, was '"
                    + url + "'");
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("--ai-model must name a model");
        }
        if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("--ai-timeout must be 100ms..10m, was " + timeout);
        }
        return new GpuServiceOptions(mode, interval, window, low, workers, url, model, timeout, update);
    }

    /** @throws IllegalArgumentException when not 1s..24h */
    static void checkInterval(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("analysis interval must be 1s..24h, was " + d.toMillis() + " ms");
        }
    }

    /** @throws IllegalArgumentException when not 2s..1h */
    static void checkWindow(Duration d) {
        if (d.compareTo(Duration.ofSeconds(2)) < 0 || d.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("window must be 2s..1h, was " + d.toMillis() + " ms");
        }
    }

    /** @throws IllegalArgumentException when not 0..100 */
    static void checkThreshold(double v) {
        if (!(v >= 0 && v <= 100)) {
            throw new IllegalArgumentException("low threshold must be a score from 0 to 100, was " + v);
        }
    }

    /** Whether LLM advice can be asked for at all. */
    public boolean aiConfigured() {
        return !aiUrl.isEmpty();
    }

    private static String value(Function<String, String> flag, Function<String, String> env, String name,
                                String var, String def) {
        String v = flag.apply(name);
        if (v == null) {
            v = env.apply(var);
        }
        return v == null || v.isBlank() ? def : v.trim();
    }

    private static Duration durationOf(Function<String, String> flag, Function<String, String> env,
                                       Function<String, Duration> parse, String name, String var, String def) {
        String v = value(flag, env, name, var, def);
        try {
            return parse.apply(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + " (or " + var + ") '" + v
                    + "' is not a duration such as 30s, 5m or 1h");
        }
    }

    private static double numberOf(Function<String, String> flag, Function<String, String> env, String name,
                                   String var, String def) {
        String v = value(flag, env, name, var, def);
        try {
            double d = Double.parseDouble(v);
            if (!Double.isNaN(d) && !Double.isInfinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " (or " + var + ") must be a number, was '" + v + "'");
    }
}
