package io.github.energy4j.jmh.internal;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.spi.Zone;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The one {@link EnergyMeter} of a benchmark JVM: self-only (this process and the node's energy counters), with a
 * background sampler so no counter can wrap between two iteration boundaries. JMH has no end-of-fork callback, so
 * the meter lives until the JVM exits; a fork runs one benchmark and exits, and a run without forks shares one
 * meter per distinct setting across its benchmarks. Thread-safe.
 */
public final class ForkMeter {

    private static final Map<String, ForkMeter> SHARED = new HashMap<>();

    private final EnergyMeter meter;
    private final String problem;

    private ForkMeter(EnergyMeter meter, String problem) {
        this.meter = meter;
        this.problem = problem;
    }

    /**
     * The meter of this JVM for these settings, built, calibrated and started on the first call (which takes the
     * calibration time when an idle power has to be learned, see {@link ProfilerSettings#calibration()}).
     *
     * @throws IllegalStateException when forced {@linkplain ProfilerSettings#sources() sources} cannot be used on
     *                               this host: the message gives each source's reason and remedy. Without forced
     *                               sources a host that cannot be metered gives a meter whose marks say why.
     */
    public static synchronized ForkMeter shared(ProfilerSettings settings) {
        return SHARED.computeIfAbsent(settings.meterKey(), k -> open(settings));
    }

    private static ForkMeter open(ProfilerSettings settings) {
        EnergyMeter.Builder b = EnergyMeter.builder()
                .interval(settings.interval())
                .idlePolicy(settings.idle())
                .workloadResolvers(false); // this JVM only: no container or pod lookups
        if (!settings.sources().isEmpty()) {
            b.sources(settings.sources().toArray(new String[0]));
        }
        EnergyMeter m;
        try {
            m = b.build();
        } catch (RuntimeException e) {
            if (!settings.sources().isEmpty()) {
                throw new IllegalStateException("energy profiler option sources=" + String.join(",", settings.sources())
                        + ": " + e.getMessage() + " (leave the option out to use the best source this host has)", e);
            }
            return new ForkMeter(null, "this host cannot be metered: " + e.getMessage());
        }
        try {
            calibrate(m, settings);
            m.start();
        } catch (RuntimeException e) {
            m.close();
            return new ForkMeter(null, "the first energy sample failed: " + e);
        }
        return new ForkMeter(m, "");
    }

    /**
     * A first sample, then, when a zone's idle power must be learned from what it draws, a quiet interval: the
     * benchmark has not started, so its lowest power is the closest to idle this JVM will see.
     */
    private static void calibrate(EnergyMeter m, ProfilerSettings settings) {
        m.sampleNow();
        long nanos = settings.calibration().toNanos();
        if (nanos == 0 || !learnsIdle(m, settings.idle())) {
            return;
        }
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        m.sampleNow();
    }

    private static boolean learnsIdle(EnergyMeter m, IdlePolicy idle) {
        if (idle instanceof IdlePolicy.MinObserved) {
            return true;
        }
        if (!(idle instanceof IdlePolicy.Auto)) {
            return false;
        }
        for (Zone z : m.zones()) {
            if (Double.isNaN(z.idleWatts())) {
                return true; // auto falls back to min-observed for zones without their own idle figure
            }
        }
        return false;
    }

    /**
     * Samples now and returns the meter's state; never throws. Call it from one thread at a time (JMH's iteration
     * thread).
     */
    public Mark mark() {
        if (meter == null) {
            return Mark.unavailable(problem);
        }
        try {
            long before = failedReadings();
            meter.sampleNow();
            long now = System.nanoTime();
            return new Mark(meter.snapshot(), now, before, failedReadings(), "");
        } catch (RuntimeException e) {
            return Mark.unavailable("sampling failed: " + e);
        }
    }

    private long failedReadings() {
        return meter.stats().zoneReadingsUnavailable();
    }
}
