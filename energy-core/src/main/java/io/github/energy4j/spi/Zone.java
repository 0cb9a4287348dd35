package io.github.energy4j.spi;

import java.util.Objects;

/**
 * One metered zone offered by a {@link PowerSource}.
 *
 * @param name           stable display name, unique within the node, e.g. {@code package-0}, {@code dram-1},
 *                       {@code gpu-0}, {@code platform}
 * @param index          socket or device index (0 when the zone is node-wide)
 * @param domain         what the zone measures; decides which zones overlap
 * @param kind           energy counter or power gauge
 * @param joulesPerUnit  for {@link Kind#ENERGY_COUNTER}: joules represented by one counter unit
 *                       (1e-6 for {@code energy_uj}); for {@link Kind#POWER_GAUGE}: ignored (gauges
 *                       are always microwatts)
 * @param wrapModulus    counter value at which the counter wraps to 0, in counter units; 0 when the
 *                       counter is 64-bit and does not wrap in practice
 * @param maxWatts       plausible maximum power of this zone (TDP, power limit), used to bound the
 *                       sampling interval and to reject impossible jumps; {@code Double.NaN} when unknown
 * @param idleWatts      a source-supplied idle power hint (e.g. the model's minimum watts);
 *                       {@code Double.NaN} when the source has none
 * @param estimated      true when the values come from a model rather than a sensor
 * @param device         free-form device identity (GPU UUID, BMC host, sysfs path) for diagnostics; never null
 */
public record Zone(String name, int index, Domain domain, Kind kind, double joulesPerUnit,
                   long wrapModulus, double maxWatts, double idleWatts, boolean estimated, String device) {

    public Zone {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(device, "device");
        if (kind == Kind.ENERGY_COUNTER && !(joulesPerUnit > 0)) {
            throw new IllegalArgumentException("zone " + name + ": joulesPerUnit must be > 0, was " + joulesPerUnit);
        }
        if (wrapModulus < 0) {
            throw new IllegalArgumentException("zone " + name + ": wrapModulus must be >= 0, was " + wrapModulus);
        }
    }

    /** A measured microjoule counter such as RAPL {@code energy_uj}. */
    public static Zone microjouleCounter(String name, int index, Domain domain, long wrapModulusUj,
                                         double maxWatts, String device) {
        return new Zone(name, index, domain, Kind.ENERGY_COUNTER, 1e-6, wrapModulusUj, maxWatts,
                Double.NaN, false, device);
    }

    /** A measured power gauge in microwatts. */
    public static Zone microwattGauge(String name, int index, Domain domain, double maxWatts, String device) {
        return new Zone(name, index, domain, Kind.POWER_GAUGE, 1e-6, 0, maxWatts, Double.NaN, false, device);
    }

    /** The group of this zone's domain. */
    public Group group() {
        return domain.group();
    }

    /**
     * What part of the machine a zone measures. The domain decides which zones may be summed: zones of
     * one {@link Group} overlap in the ways listed here and are never added together by the core.
     *
     * <ul>
     *   <li>{@link #PSYS} contains {@link #PACKAGE} and {@link #DRAM} (the whole SoC on client parts).
     *   <li>{@link #PACKAGE} contains {@link #CORE} and {@link #UNCORE}.
     *   <li>{@link #PLATFORM} (wall-side power) contains everything, GPUs included.
     * </ul>
     */
    public enum Domain {
        /** A CPU socket (RAPL package-N, AMD package). */
        PACKAGE(Group.CPU),
        /** CPU cores of one package (RAPL PP0). */
        CORE(Group.CPU),
        /** Integrated graphics / uncore of one package (RAPL PP1). */
        UNCORE(Group.CPU),
        /** Memory attached to one package. */
        DRAM(Group.CPU),
        /** Platform / SoC domain of RAPL (psys); a superset of package and dram. */
        PSYS(Group.CPU),
        /** Estimated CPU power from a utilisation model; stands for package when nothing is measured. */
        CPU_MODEL(Group.CPU),
        /** One GPU device. */
        GPU(Group.GPU),
        /** Whole machine as seen by a power meter, BMC or PSU. */
        PLATFORM(Group.PLATFORM);

        private final Group group;

        Domain(Group group) {
            this.group = group;
        }

        /** The group this domain belongs to; one provider wins per group. */
        public Group group() {
            return group;
        }

        /** Lower-case name used in reports and metric tags ({@code package}, {@code dram}, ...). */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How a zone's raw value behaves. */
    public enum Kind {
        /**
         * A cumulative energy counter in {@link Zone#joulesPerUnit()} units that may wrap to 0 after
         * {@link Zone#wrapModulus()} - 1 (RAPL {@code energy_uj}, NVML total energy, MSR counters).
         */
        ENERGY_COUNTER,
        /** An instantaneous power gauge in microwatts; the core integrates it over a monotonic clock. */
        POWER_GAUGE
    }

    /**
     * Independent families of zones. For each group the highest-priority available provider wins, so
     * that, for example, RAPL and the CPU model are never both counted as CPU energy.
     */
    public enum Group {
        CPU, GPU, PLATFORM;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
