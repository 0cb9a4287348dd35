package io.github.energy4j.profiler.internal.report;

import io.github.energy4j.Provenance;
import java.time.Duration;
import java.time.Instant;

/** Small profiles whose every figure is known, for the writers' exact-content tests. */
final class Profiles {

    private Profiles() {
    }

    /** The statement of {@link #sample()}. */
    static final String STATEMENT = "energy estimated; sampling interval 10ms; samples 4; coverage 70.0% of 1.000 "
            + "CPU-seconds; CPU energy 10.000 J over 5.0 s; GPU energy not metered";

    /**
     * 10 J over: main > work > parse (4 J, 2 samples) > work (1 J, recursive), main > work > Encoder.&lt;init&gt; (2 J),
     * main > idle (nothing: left out of the outputs), and the JVM (2.0004 J) and profiler (0.9996 J) pseudo-frames.
     */
    static EnergyProfile sample() {
        String[] frames = {"", "app.Main.main", "app.Worker.work", "app.Parser.parse", "app.Encoder.<init>",
            "app.Main.idle", "app.Worker.work", "[jvm:gc+jit+vm-threads]", "[energy4j-profiler+jfr]"};
        int[] parents = {-1, 0, 1, 2, 2, 1, 3, 0, 0};
        double[] self = {0, 0, 0, 4.0, 2.0, 0, 1.0, 2.0004, 0.9996};
        long[] samples = {0, 0, 0, 2, 1, 0, 1, 0, 0};
        ProfileSummary s = new ProfileSummary(Provenance.ESTIMATED, Duration.ofMillis(10), Duration.ofSeconds(1), 4,
                0.7, 10.0, Double.NaN, Provenance.UNAVAILABLE, 1.0, 0.7, Duration.ofSeconds(5), 5, 0, 0, 4242,
                "app.Main", Instant.parse("2024-06-11T10:00:00Z"));
        return new EnergyProfile(frames, parents, self, samples, s);
    }
}
