package io.github.energy4j.rapl.internal;

import io.github.energy4j.spi.Zone;
import java.time.Duration;
import java.util.Collection;

/**
 * The longest sampling interval that keeps a wrapping counter unambiguous.
 *
 * <p>A counter of modulus M units, each worth u joules, covers a range of {@code M * u} joules. The
 * sampler undoes a wrap by assuming at most one wrap happened between two reads, which holds while the
 * energy used in one interval stays below the range. At the zone's plausible maximum power P
 * ({@link Zone#maxWatts()}) that is {@code range / P} seconds; this class returns half of it
 * ({@link #SAFETY_FACTOR}) to leave room for power above the published limit (turbo, PL2) and for a
 * late sampler thread. Examples: Intel package, unit 2^-14 J, range 262,144 J at 1000 W gives 131 s;
 * AMD package, unit 2^-16 J, range 65,536 J at 1000 W gives 32.7 s.
 */
public final class RaplIntervals {

    /** Fraction of the theoretical bound that is returned. */
    public static final double SAFETY_FACTOR = 0.5;

    /** Returned for zones that do not wrap (64-bit or summed counters, power gauges). */
    public static final Duration UNBOUNDED = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    private RaplIntervals() {
    }

    /**
     * The longest safe interval between two reads of {@code zone}.
     *
     * <p>{@code SAFETY_FACTOR * wrapModulus * joulesPerUnit / maxWatts}; {@link #UNBOUNDED} when the
     * zone does not wrap. A zone without a usable {@code maxWatts} is assumed to draw
     * {@value PowercapScan#DEFAULT_MAX_WATTS} W. Never shorter than 1 ms.
     */
    public static Duration maxSafeInterval(Zone zone) {
        if (zone.kind() != Zone.Kind.ENERGY_COUNTER || zone.wrapModulus() == 0) {
            return UNBOUNDED;
        }
        double watts = zone.maxWatts() > 0 ? zone.maxWatts() : PowercapScan.DEFAULT_MAX_WATTS;
        double rangeJoules = zone.wrapModulus() * zone.joulesPerUnit();
        double seconds = SAFETY_FACTOR * rangeJoules / watts;
        long nanos = (long) Math.min(seconds * 1e9, (double) Long.MAX_VALUE);
        return Duration.ofNanos(Math.max(nanos, 1_000_000L));
    }

    /** The shortest {@link #maxSafeInterval(Zone)} of the zones; {@link #UNBOUNDED} for none. */
    public static Duration maxSafeInterval(Collection<Zone> zones) {
        Duration min = UNBOUNDED;
        for (Zone z : zones) {
            Duration d = maxSafeInterval(z);
            if (d.compareTo(min) < 0) {
                min = d;
            }
        }
        return min;
    }
}
