package io.github.energy4j.spi;

/**
 * What part of the machine a zone measures. The domain decides which zones may be summed: zones of
 * one {@link ZoneGroup} overlap in the ways listed here and are never added together by the core.
 *
 * <ul>
 *   <li>{@link #PSYS} contains {@link #PACKAGE} and {@link #DRAM} (the whole SoC on client parts).
 *   <li>{@link #PACKAGE} contains {@link #CORE} and {@link #UNCORE}.
 *   <li>{@link #PLATFORM} (wall-side power) contains everything, GPUs included.
 * </ul>
 */
public enum ZoneDomain {
    /** A CPU socket (RAPL package-N, AMD package). */
    PACKAGE(ZoneGroup.CPU),
    /** CPU cores of one package (RAPL PP0). */
    CORE(ZoneGroup.CPU),
    /** Integrated graphics / uncore of one package (RAPL PP1). */
    UNCORE(ZoneGroup.CPU),
    /** Memory attached to one package. */
    DRAM(ZoneGroup.CPU),
    /** Platform / SoC domain of RAPL (psys); a superset of package and dram. */
    PSYS(ZoneGroup.CPU),
    /** Estimated CPU power from a utilisation model; stands for package when nothing is measured. */
    CPU_MODEL(ZoneGroup.CPU),
    /** One GPU device. */
    GPU(ZoneGroup.GPU),
    /** Whole machine as seen by a power meter, BMC or PSU. */
    PLATFORM(ZoneGroup.PLATFORM);

    private final ZoneGroup group;

    ZoneDomain(ZoneGroup group) {
        this.group = group;
    }

    /** The group this domain belongs to; one provider wins per group. */
    public ZoneGroup group() {
        return group;
    }

    /** Lower-case name used in reports and metric tags ({@code package}, {@code dram}, ...). */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
