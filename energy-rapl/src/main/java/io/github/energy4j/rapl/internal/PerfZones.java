package io.github.energy4j.rapl.internal;

import io.github.energy4j.internal.io.KernelFile;
import io.github.energy4j.spi.Zone;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the {@code power} PMU's events and CPUs into the zones powercap would report: {@code package-N},
 * {@code core-N}, {@code uncore-N}, {@code dram-N} per CPU of {@code cpumask} (N = that CPU's
 * {@code physical_package_id}; {@code package-N-die-M} when the mask holds several CPUs of one package, as the
 * per-die PMU of multi-die parts does), and one {@code psys}. Pure apart from {@link #packageOf}.
 */
public final class PerfZones {

    private PerfZones() {
    }

    /**
     * Package and die of one CPU.
     *
     * @param pkg {@code physical_package_id}, or the CPU's position in {@code cpumask} when the topology is missing
     * @param die {@code die_id}, 0 when missing
     */
    public record Place(int pkg, int die) {
    }

    /** Reads {@code <sysfs>/devices/system/cpu/cpuN/topology/{physical_package_id,die_id}}. */
    public static Place packageOf(Path sysfs, int cpu, int position) {
        Path topo = sysfs.resolve("devices/system/cpu/cpu" + cpu + "/topology");
        long pkg = KernelFile.decimal(topo.resolve("physical_package_id"));
        long die = KernelFile.decimal(topo.resolve("die_id"));
        return new Place(pkg < 0 || pkg > 65535 ? position : (int) pkg, die < 0 || die > 65535 ? 0 : (int) die);
    }

    /**
     * The event plans, in domain then package order.
     *
     * @param places one per CPU of {@code found.cpus()}, same order
     * @param flags  attr flag bits for every event (0 for RAPL: its PMU refuses exclusion bits)
     * @param pid    -1 for RAPL (CPU-wide); tests may count a task instead
     */
    public static List<PerfPowerSource.EventPlan> plan(PowerPmu.Found found, List<Place> places, double maxWatts,
                                                       long flags, int pid) {
        int[] cpus = found.cpus();
        Map<Integer, Integer> perPackage = new HashMap<>();
        for (Place p : places) {
            perPackage.merge(p.pkg(), 1, Integer::sum);
        }
        List<PerfPowerSource.EventPlan> out = new ArrayList<>();
        for (PowerPmu.Event e : found.events()) {
            for (int i = 0; i < cpus.length; i++) {
                Place p = places.get(i);
                String suffix = perPackage.get(p.pkg()) > 1 ? p.pkg() + "-die-" + p.die() : String.valueOf(p.pkg());
                String name;
                int index = p.pkg();
                if (e.domain() == Zone.Domain.PSYS) {
                    if (i > 0) {
                        break; // platform-wide: read once, never once per package
                    }
                    name = "psys";
                    index = 0;
                } else {
                    name = prefix(e.domain()) + suffix;
                }
                Zone zone = new Zone(name, index, e.domain(), Zone.Kind.ENERGY_COUNTER,
                        e.scale() * (1L << PerfPowerSource.SHIFT), PerfPowerSource.WRAP_MODULUS, maxWatts,
                        Double.NaN, false, "perf power/" + e.name() + "/ cpu " + cpus[i]);
                out.add(new PerfPowerSource.EventPlan(zone, found.type(), e.config(), flags, pid, cpus[i]));
            }
        }
        return out;
    }

    private static String prefix(Zone.Domain d) {
        return switch (d) {
            case PACKAGE -> "package-";
            case CORE -> "core-";
            case UNCORE -> "uncore-";
            case DRAM -> "dram-";
            default -> d.name().toLowerCase(java.util.Locale.ROOT) + "-";
        };
    }
}
