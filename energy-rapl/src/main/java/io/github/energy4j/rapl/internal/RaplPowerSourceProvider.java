package io.github.energy4j.rapl.internal;

import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RAPL through the Linux powercap sysfs tree ({@code <sysfs>/class/powercap}, or
 * {@code <sysfs>/devices/virtual/powercap} when {@code class/} is absent), for Intel and AMD Zen.
 *
 * <p>Zones are identified by their {@code name} file ({@code package-N}, {@code core}, {@code uncore},
 * {@code dram}, {@code psys}), never by directory index, and reported as {@code package-N},
 * {@code core-N}, {@code uncore-N}, {@code dram-N}, {@code psys}. Each is a microjoule
 * {@link io.github.energy4j.spi.Zone.Kind#ENERGY_COUNTER}:
 * <ul>
 *   <li>{@code wrapModulus = max_energy_range_uj + 1}. The kernel's counter runs from 0 to
 *       {@code max_energy_range_uj} inclusive, so that is the number of distinct values; the kernel
 *       rounds the hardware step to whole microjoules, which leaves at most one energy unit
 *       (about 61 uJ) of error per wrap. When the range is 0 or missing, the range is computed as the
 *       kernel would have published it for 2^32 energy units of the package's unit MSR (the kernel's
 *       integer nanojoule unit, the fixed server DRAM unit); if that cannot be read the zone is refused
 *       with a reason rather than offered with a wrong modulus.
 *   <li>{@code maxWatts} is the largest positive {@code constraint_K_max_power_uw} or
 *       {@code constraint_K_power_limit_uw} (only {@code max_power_uw} for a zone with {@code enabled} = 0,
 *       whose limits are not enforced); {@value PowercapScan#DEFAULT_MAX_WATTS} W when the zone has none.
 *   <li>Every zone is read whatever its {@code enabled} attribute: in the powercap ABI
 *       ({@code Documentation/ABI/testing/sysfs-class-powercap}) {@code enabled} switches power capping on or
 *       off, and the kernel also reports 0 when firmware locked the limit; {@code energy_uj} counts either way.
 *       A zone with {@code enabled} = 0 is named in the probe's notes, as information.
 *   <li>An {@code intel-rapl-mmio} package duplicates the MSR package of the same name and is dropped;
 *       {@code psys} is its own zone.
 * </ul>
 *
 * <p>{@link #probe} reads every counter once: an unreadable one (root-only since Linux 5.10) makes the
 * source unavailable with the exact remedy rather than reporting zeros. When available, the probe's
 * {@code reason} carries notes (zones left out as duplicates, zones with {@code enabled} = 0), or is empty.
 */
public final class RaplPowerSourceProvider implements PowerSourceProvider {

    /** Provider id. */
    public static final String ID = "rapl";
    private static final String SOURCE = "RAPL powercap";

    private static final ProbeDecision.RemedyText REMEDIES = new ProbeDecision.RemedyText() {
        @Override
        public String denied(String file) {
            return Remedies.powercapDenied(file);
        }

        @Override
        public String missing(String file) {
            return Remedies.powercapMissing();
        }

        @Override
        public String broken(String file) {
            return Remedies.powercapBroken(file);
        }
    };

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Zone.Group group() {
        return Zone.Group.CPU;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String description() {
        return "Intel/AMD RAPL energy counters from the powercap sysfs tree (energy_uj)";
    }

    @Override
    public Probe probe(SourceContext context) {
        try {
            return plan(context).decision().toProbe();
        } catch (RuntimeException e) {
            return Probe.unavailable(SOURCE + ": unexpected error while probing: " + e,
                    "Report this with the output of: ls -lR " + context.sysfs().resolve("class/powercap"));
        }
    }

    @Override
    public PowerSource open(SourceContext context) throws EnergySourceException {
        Plan plan;
        try {
            plan = plan(context);
        } catch (RuntimeException e) {
            throw new EnergySourceException(EnergySourceException.Reason.DEVICE_ERROR,
                    SOURCE + ": unexpected error while opening: " + e, "", e);
        }
        if (!plan.decision().available()) {
            throw plan.decision().toException();
        }
        return PowercapPowerSource.open(ID, plan.decision().zones(), plan.files());
    }

    /** What probe decided, with the counter file of each offered zone. */
    private record Plan(ProbeDecision.Decision decision, List<Path> files) {
    }

    private static Plan plan(SourceContext ctx) {
        Path root = PowercapScan.root(ctx.sysfs());
        if (root == null) {
            return new Plan(ProbeDecision.unavailable(EnergySourceException.Reason.NOT_SUPPORTED,
                    SOURCE + ": no powercap tree at " + ctx.sysfs().resolve("class/powercap"),
                    Remedies.powercapMissing()), List.of());
        }
        List<PowercapScan.Candidate> found = PowercapScan.scan(root);
        PowercapScan.Selection sel = PowercapScan.select(found);
        List<String> notes = new ArrayList<>(sel.notes());
        List<ProbeDecision.ZoneCheck> checks = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (PowercapScan.Candidate c : sel.zones()) {
            long modulus = wrapModulus(ctx, c);
            if (modulus <= 0) {
                notes.add(c.identity().zoneName() + " (" + c.dirName() + ") refused: max_energy_range_uj is "
                        + (c.maxEnergyRangeUj() < 0 ? "missing" : "0")
                        + " and the energy unit cannot be read from the unit MSR, so counter wraps could not be undone");
                continue;
            }
            double maxWatts = Double.isNaN(c.maxWatts()) ? PowercapScan.DEFAULT_MAX_WATTS : c.maxWatts();
            Zone zone = Zone.microjouleCounter(c.identity().zoneName(), c.identity().index(),
                    c.identity().domain(), modulus, maxWatts, c.dir().toString());
            PowercapPowerSource.ZoneTrial t = PowercapPowerSource.trial(c.energyFile());
            checks.add(new ProbeDecision.ZoneCheck(zone, c.energyFile().toString(), t.outcome(), t.detail()));
            files.add(c.energyFile());
        }
        if (checks.isEmpty()) {
            return new Plan(nothingToOffer(root, sel, notes), List.of());
        }
        ProbeDecision.Decision d = ProbeDecision.decide(SOURCE, checks, notes, REMEDIES);
        return new Plan(d, d.available() ? files : List.of());
    }

    private static ProbeDecision.Decision nothingToOffer(Path root, PowercapScan.Selection sel, List<String> notes) {
        if (sel.zones().isEmpty()) {
            return ProbeDecision.unavailable(EnergySourceException.Reason.NOT_SUPPORTED,
                    SOURCE + ": no RAPL zone (package-N, psys) under " + root, Remedies.powercapMissing());
        }
        return ProbeDecision.unavailable(EnergySourceException.Reason.NOT_SUPPORTED,
                SOURCE + ": no zone to offer (" + String.join("; ", notes) + ")",
                "Let energy4j read the energy unit: sudo modprobe msr and run with read access to "
                        + "/dev/cpu/N/msr (root or CAP_SYS_RAWIO), or use a kernel that publishes max_energy_range_uj.");
    }

    /**
     * max_energy_range_uj + 1; else the range the kernel computes for 2^32 units of the unit MSR
     * ({@link MsrDecoder#powercapModulusUj}); else 0 (refuse).
     */
    private static long wrapModulus(SourceContext ctx, PowercapScan.Candidate c) {
        if (c.maxEnergyRangeUj() > 0) {
            return c.maxEnergyRangeUj() + 1;
        }
        return MsrUnits.powercapModulusUj(ctx, c.identity().index(), c.identity().domain());
    }
}
