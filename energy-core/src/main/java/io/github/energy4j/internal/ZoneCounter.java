package io.github.energy4j.internal;

import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.Zone;

/**
 * Turns one zone's raw readings into non-negative joule deltas: unwraps counters with the zone's
 * modulus, treats resets and impossible jumps as a new baseline, and integrates power gauges over a
 * monotonic clock (trapezoid; a gap is bridged by the readings on both sides so no energy is lost).
 * Sampler thread only; allocation-free.
 */
public final class ZoneCounter {

    /** Tolerance on the zone's maximum power before a jump counts as impossible. */
    static final double PLAUSIBILITY_FACTOR = 2.0;

    private final double joulesPerUnit;
    private final long modulus;
    private final double maxWatts;
    private final boolean gauge;

    private boolean primed;
    private long lastRaw;
    private long lastNanos;
    private long wraps;
    private long resets;
    private long unavailable;
    private double lastWatts = Double.NaN;

    public ZoneCounter(Zone zone) {
        this.gauge = zone.kind() == Zone.Kind.POWER_GAUGE;
        this.joulesPerUnit = gauge ? 1e-6 : zone.joulesPerUnit();
        this.modulus = zone.wrapModulus();
        this.maxWatts = zone.maxWatts();
    }

    /**
     * Feeds one reading.
     *
     * @param raw       counter units or microwatts, or {@link PowerSource#UNAVAILABLE}
     * @param nowNanos  monotonic time of the reading ({@link System#nanoTime()})
     * @return joules since the previous good reading ({@code >= 0}); {@code 0} for the first reading
     *         and after a reset; {@code NaN} when this reading is unavailable (the energy is carried into
     *         the next good reading)
     */
    public double update(long raw, long nowNanos) {
        // a counter is never negative: such a value is garbage from the source, not a reading, and
        // taking it as a baseline would make the next difference overflow into negative energy
        if (raw == PowerSource.UNAVAILABLE || (raw < 0 && !gauge)) {
            unavailable++;
            return Double.NaN;
        }
        if (!primed) {
            primed = true;
            lastRaw = raw;
            lastNanos = nowNanos;
            if (gauge) {
                lastWatts = Math.max(0, raw) * 1e-6;
            }
            return 0;
        }
        double seconds = (nowNanos - lastNanos) * 1e-9;
        if (gauge) {
            double watts = Math.max(0, raw) * 1e-6;
            if (!plausibleWatts(watts) || !plausibleWatts(lastWatts)) {
                // a meter reporting beyond twice its rating (a sentinel such as 65535 W, a parse error):
                // that interval is dropped like a counter reset rather than integrated
                return reset(raw, nowNanos, watts);
            }
            double joules = seconds > 0 ? (watts + lastWatts) * 0.5 * seconds : 0;
            lastWatts = watts;
            lastRaw = raw;
            lastNanos = nowNanos;
            return joules;
        }
        long delta;
        if (raw >= lastRaw) {
            delta = raw - lastRaw;
        } else if (modulus > 0 && lastRaw < modulus && raw >= 0) {
            delta = modulus - lastRaw + raw;
            if (!plausible(delta, seconds) || (Double.isNaN(maxWatts) && lastRaw < modulus / 2)) {
                return reset(raw, nowNanos);
            }
            wraps++;
        } else {
            return reset(raw, nowNanos);
        }
        if (!plausible(delta, seconds)) {
            return reset(raw, nowNanos);
        }
        double joules = delta * joulesPerUnit;
        if (seconds > 0) {
            lastWatts = joules / seconds;
        }
        lastRaw = raw;
        lastNanos = nowNanos;
        return joules;
    }

    private boolean plausible(long deltaUnits, double seconds) {
        if (Double.isNaN(maxWatts) || maxWatts <= 0) {
            return true;
        }
        // one extra second of slack covers readings that are coarser than the sampling clock
        return deltaUnits * joulesPerUnit <= maxWatts * PLAUSIBILITY_FACTOR * (seconds + 1.0);
    }

    private boolean plausibleWatts(double watts) {
        return Double.isNaN(maxWatts) || maxWatts <= 0 || watts <= maxWatts * PLAUSIBILITY_FACTOR;
    }

    private double reset(long raw, long nowNanos) {
        resets++;
        lastRaw = raw;
        lastNanos = nowNanos;
        return 0;
    }

    private double reset(long raw, long nowNanos, double watts) {
        lastWatts = watts;
        return reset(raw, nowNanos);
    }

    /**
     * The longest sampling interval, in seconds, at which this counter cannot wrap twice between two
     * readings at the zone's maximum power ({@code Double.POSITIVE_INFINITY} when it does not wrap or the
     * maximum power is unknown). Half the wrap period, so one missed sample still unwraps correctly.
     */
    public static double maxSafeIntervalSeconds(Zone zone) {
        if (zone.kind() != Zone.Kind.ENERGY_COUNTER || zone.wrapModulus() == 0 || !(zone.maxWatts() > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        return zone.wrapModulus() * zone.joulesPerUnit() / zone.maxWatts() / 2;
    }

    public long wraps() {
        return wraps;
    }

    public long resets() {
        return resets;
    }

    public long unavailableReadings() {
        return unavailable;
    }

    /** Power over the last interval in watts, NaN before two readings. */
    public double lastWatts() {
        return lastWatts;
    }
}
