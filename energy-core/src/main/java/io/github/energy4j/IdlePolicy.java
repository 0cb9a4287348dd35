package io.github.energy4j;

import java.util.Objects;

/**
 * How a zone's energy in an interval splits into idle (the power the zone draws doing nothing, which
 * no process caused) and active (split across processes).
 *
 * <ul>
 *   <li>{@link #none()}: everything is active; per-process figures then include a share of idle power.
 *   <li>{@link #minObserved()}: idle power is the lowest interval power seen in earlier intervals
 *       (Kepler's approach); the first interval is all active.
 *   <li>{@link #fixedWatts(double)}: a configured idle power (e.g. measured once on an idle node).
 *   <li>{@link #auto()} (default): the source's own idle figure when it has one (the CPU model's
 *       minimum watts), otherwise {@link #minObserved()}.
 *   <li>{@link #usageRatio()}: Kepler's rule (0.10 and later): active is the interval's energy times the node's
 *       CPU usage ratio of that interval (busy over all ticks of the aggregate {@code cpu} line of
 *       {@code /proc/stat}), idle is the rest; and the processes share all active energy by CPU time, so that
 *       the process totals add up to the node's active energy. It applies to the zones split by CPU time;
 *       a zone whose source reports per-process activity (a GPU) is split as under {@link #auto()} (the
 *       source's idle watts when configured, else {@link #minObserved()}). The default of
 *       {@code energy4j serve --naming kepler}.
 * </ul>
 * Idle never exceeds the interval's energy, so active is never negative. Each policy is a record, so two equal
 * policies are {@code equals}.
 */
public sealed interface IdlePolicy
        permits IdlePolicy.None, IdlePolicy.MinObserved, IdlePolicy.Auto, IdlePolicy.UsageRatio, IdlePolicy.FixedWatts {

    /** Everything is active. */
    record None() implements IdlePolicy {
        @Override
        public String toString() {
            return "none";
        }
    }

    /** Idle power is the lowest interval power seen in earlier intervals. */
    record MinObserved() implements IdlePolicy {
        @Override
        public String toString() {
            return "min-observed";
        }
    }

    /** The source's own idle figure when it has one, otherwise {@link MinObserved}. */
    record Auto() implements IdlePolicy {
        @Override
        public String toString() {
            return "auto";
        }
    }

    /** Kepler's rule: idle is the share of the interval the CPUs were not busy; see the interface description. */
    record UsageRatio() implements IdlePolicy {
        @Override
        public String toString() {
            return "usage-ratio";
        }
    }

    /**
     * A configured idle power per zone.
     *
     * @param watts finite, {@code >= 0}
     */
    record FixedWatts(double watts) implements IdlePolicy {
        public FixedWatts {
            if (!(watts >= 0) || Double.isInfinite(watts)) {
                throw new IllegalArgumentException("idle watts must be a finite number >= 0, was " + watts);
            }
        }

        @Override
        public String toString() {
            return watts + " W";
        }
    }

    static IdlePolicy none() {
        return new None();
    }

    static IdlePolicy minObserved() {
        return new MinObserved();
    }

    static IdlePolicy auto() {
        return new Auto();
    }

    /**
     * Idle is the share of the interval's energy the CPUs were not busy ({@code 1 - busy / (busy + idle)} ticks
     * of {@code /proc/stat}), and processes share all active energy; see the interface description.
     */
    static IdlePolicy usageRatio() {
        return new UsageRatio();
    }

    /** A fixed idle power per zone in watts, {@code >= 0}. */
    static IdlePolicy fixedWatts(double watts) {
        return new FixedWatts(watts);
    }

    /**
     * Parses {@code none}, {@code min-observed}, {@code auto}, {@code usage-ratio} or a number of watts
     * ({@code 12.5}).
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    static IdlePolicy parse(String text) {
        Objects.requireNonNull(text, "text");
        switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "none":
                return none();
            case "min-observed":
                return minObserved();
            case "auto":
                return auto();
            case "usage-ratio":
                return usageRatio();
            default:
                try {
                    return fixedWatts(Double.parseDouble(text.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("idle policy '" + text
                            + "' is not one of: none, min-observed, auto, usage-ratio, or a number of watts");
                }
        }
    }
}
