package io.github.energy4j.procfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's USER_HZ (ticks per second of the times in {@code /proc}), asked of the system with
 * {@code getconf CLK_TCK} once; 100 (the value on every mainstream Linux architecture) when that fails.
 */
public final class ClockTicks {

    private static volatile long detected;

    private ClockTicks() {
    }

    /** Ticks per second; detected once per JVM. */
    public static long perSecond() {
        long v = detected;
        if (v == 0) {
            v = detect();
            detected = v;
        }
        return v;
    }

    private static long detect() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    String s = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
                    long v = Long.parseLong(s);
                    if (v > 0) {
                        return v;
                    }
                }
            } finally {
                p.destroy();
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
