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
 * @param joulesPerUnit  for {@link ZoneKind#ENERGY_COUNTER}: joules represented by one counter unit
 *                       (1e-6 for {@code energy_uj}); for {@link ZoneKind#POWER_GAUGE}: ignored (gauges
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
public record Zone(String name, int index, ZoneDomain domain, ZoneKind kind, double joulesPerUnit,
                   long wrapModulus, double maxWatts, double idleWatts, boolean estimated, String device) {

    public Zone {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(device, "device");
        if (kind == ZoneKind.ENERGY_COUNTER && !(joulesPerUnit > 0)) {
            throw new IllegalArgumentException("zone " + name + ": joulesPerUnit must be > 0, was " + joulesPerUnit);
        }
        if (wrapModulus < 0) {
            throw new IllegalArgumentException("zone " + name + ": wrapModulus must be >= 0, was " + wrapModulus);
        }
    }

    /** A measured microjoule counter such as RAPL {@code energy_uj}. */
    public static Zone microjouleCounter(String name, int index, ZoneDomain domain, long wrapModulusUj,
                                         double maxWatts, String device) {
        return new Zone(name, index, domain, ZoneKind.ENERGY_COUNTER, 1e-6, wrapModulusUj, maxWatts,
                Double.NaN, false, device);
    }

    /** A measured power gauge in microwatts. */
    public static Zone microwattGauge(String name, int index, ZoneDomain domain, double maxWatts, String device) {
        return new Zone(name, index, domain, ZoneKind.POWER_GAUGE, 1e-6, 0, maxWatts, Double.NaN, false, device);
    }

    /** The group of this zone's domain. */
    public ZoneGroup group() {
        return domain.group();
    }
}
