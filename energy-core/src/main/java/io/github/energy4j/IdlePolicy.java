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
 * Idle never exceeds the interval's energy, so active is never negative.
 */
public final class IdlePolicy {

    /** The policy kinds. */
    public enum Kind { NONE, MIN_OBSERVED, FIXED_WATTS, AUTO, USAGE_RATIO }

    private static final IdlePolicy NONE = new IdlePolicy(Kind.NONE, 0);
    private static final IdlePolicy MIN = new IdlePolicy(Kind.MIN_OBSERVED, 0);
    private static final IdlePolicy AUTO = new IdlePolicy(Kind.AUTO, 0);
    private static final IdlePolicy USAGE = new IdlePolicy(Kind.USAGE_RATIO, 0);

    private final Kind kind;
    private final double watts;

    private IdlePolicy(Kind kind, double watts) {
        this.kind = kind;
        this.watts = watts;
    }

    public static IdlePolicy none() {
        return NONE;
    }

    public static IdlePolicy minObserved() {
        return MIN;
    }

    public static IdlePolicy auto() {
        return AUTO;
    }

    /**
     * Idle is the share of the interval's energy the CPUs were not busy ({@code 1 - busy / (busy + idle)} ticks
     * of {@code /proc/stat}), and processes share all active energy; see the class description.
     */
    public static IdlePolicy usageRatio() {
        return USAGE;
    }

    /** A fixed idle power per zone in watts, {@code >= 0}. */
    public static IdlePolicy fixedWatts(double watts) {
        if (!(watts >= 0) || Double.isInfinite(watts)) {
            throw new IllegalArgumentException("idle watts must be a finite number >= 0, was " + watts);
        }
        return new IdlePolicy(Kind.FIXED_WATTS, watts);
    }

    /**
     * Parses {@code none}, {@code min-observed}, {@code auto}, {@code usage-ratio} or a number of watts
     * ({@code 12.5}).
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static IdlePolicy parse(String text) {
        Objects.requireNonNull(text, "text");
        switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "none":
                return NONE;
            case "min-observed":
                return MIN;
            case "auto":
                return AUTO;
            case "usage-ratio":
                return USAGE;
            default:
                try {
                    return fixedWatts(Double.parseDouble(text.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("idle policy '" + text
                            + "' is not one of: none, min-observed, auto, usage-ratio, or a number of watts");
                }
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The fixed watts for {@link Kind#FIXED_WATTS}, else 0. */
    public double watts() {
        return watts;
    }

    @Override
    public String toString() {
        return kind == Kind.FIXED_WATTS ? watts + " W" : kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
