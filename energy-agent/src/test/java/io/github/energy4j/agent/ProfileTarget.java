package io.github.energy4j.agent;

/**
 * A JVM to profile: alternates {@link #heavy} (three units of a loop) and {@link #light} (one unit) for 60 s at most,
 * or until it is killed, so 75 % of its CPU time is in {@code heavy} by construction.
 */
public final class ProfileTarget {

    static volatile long sink;

    private ProfileTarget() {
    }

    public static void main(String[] args) {
        System.out.println("ready");
        long end = System.nanoTime() + 60_000_000_000L;
        long x = 0x9E3779B97F4A7C15L;
        while (System.nanoTime() < end) {
            x = heavy(x);
            x = light(x);
        }
        sink = x;
    }

    static long heavy(long seed) {
        long x = seed;
        for (int i = 0; i < 3_000_000; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    static long light(long seed) {
        long x = seed;
        for (int i = 0; i < 1_000_000; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
