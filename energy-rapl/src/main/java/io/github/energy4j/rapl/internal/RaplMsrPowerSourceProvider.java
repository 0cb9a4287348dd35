package io.github.energy4j.rapl.internal;

import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RAPL read straight from the model-specific registers through {@code <devfs>/cpu/N/msr}, one CPU per
 * package (the lowest online CPU of each {@code physical_package_id}).
 *
 * <p>Opt-in: available only with {@code rapl.msr=true}, or when no powercap RAPL tree exists. Needs
 * the {@code msr} module, read access to the device nodes and CAP_SYS_RAWIO.
 *
 * <p>Intel (family 6): unit register 0x606, package 0x611, cores (PP0) 0x639, uncore (PP1) 0x641,
 * DRAM 0x619, psys 0x64D. AMD and Hygon Zen (family 17h+): unit 0xC0010299, package 0xC001029B, and
 * 0xC001029A per core, summed over the cores of each package into {@code core-N}. Counters are the low
 * 32 bits: {@code ENERGY_COUNTER} zones with {@code joulesPerUnit} = 1/2^ESU (bits 12:8 of the unit
 * register, or the documented fixed units, see {@link MsrDecoder#domainUnitJoules}) and
 * {@code wrapModulus} = 2^32. The summed AMD core zone does not wrap ({@code wrapModulus} 0). Optional
 * domains whose register fails or reads 0 are not offered, as the kernel does. {@code maxWatts} is
 * {@value PowercapScan#DEFAULT_MAX_WATTS} W (the MSR power-info registers are not consulted).
 */
public final class RaplMsrPowerSourceProvider implements PowerSourceProvider {

    /** Provider id. */
    public static final String ID = "rapl-msr";
    /** Configuration key that opts in while the powercap source is present. */
    public static final String MSR_ENABLED = "rapl.msr";

    private static final String SOURCE = "RAPL MSR";

    private static final ProbeDecision.RemedyText REMEDIES = new ProbeDecision.RemedyText() {
        @Override
        public String denied(String file) {
            return Remedies.msrDenied(file);
        }

        @Override
        public String missing(String file) {
            return Remedies.msrMissing(file);
        }

        @Override
        public String broken(String file) {
            return "The CPU refused the RAPL unit register on " + file
                    + "; this model or hypervisor does not expose RAPL MSRs. Use the powercap source or the CPU model.";
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
        return 90;
    }

    @Override
    public String description() {
        return "Intel/AMD RAPL energy status MSRs via /dev/cpu/N/msr (opt-in: rapl.msr=true)";
    }

    @Override
    public Probe probe(SourceContext context) {
        Plan plan = null;
        try {
            plan = plan(context);
            return plan.decision().toProbe();
        } catch (RuntimeException e) {
            return Probe.unavailable(SOURCE + ": unexpected error while probing: " + e, "");
        } finally {
            if (plan != null) {
                plan.close();
            }
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
            plan.close();
            throw plan.decision().toException();
        }
        return new MsrPowerSource(ID, plan.files(), plan.zones());
    }

    /** The decision, the open files by slot, and how to read each offered zone. */
    private record Plan(ProbeDecision.Decision decision, List<MsrFile> files, List<MsrPowerSource.ZonePlan> zones) {
        void close() {
            for (MsrFile f : files) {
                f.close();
            }
        }
    }

    private static Plan unavailable(EnergySourceException.Reason reason, String text, String remedy) {
        return new Plan(ProbeDecision.unavailable(reason, text, remedy), List.of(), List.of());
    }

    private static Plan plan(SourceContext ctx) {
        if (!ctx.getBoolean(MSR_ENABLED, false) && powercapPresent(ctx)) {
            return unavailable(EnergySourceException.Reason.CONFIGURATION,
                    SOURCE + ": not enabled; the powercap RAPL source is present and preferred",
                    "Set " + MSR_ENABLED + "=true to read /dev/cpu/N/msr directly (needs root or CAP_SYS_RAWIO).");
        }
        CpuInfo cpu = MsrUnits.cpuInfo(ctx);
        if (!MsrDecoder.supported(cpu)) {
            return unavailable(EnergySourceException.Reason.NOT_SUPPORTED,
                    SOURCE + ": no known RAPL MSRs on this CPU (" + ctx.procfs().resolve("cpuinfo") + ": vendor "
                            + cpu.vendor() + ", family " + cpu.family() + ")",
                    "RAPL MSRs exist on Intel family 6 and AMD/Hygon family 17h or later; use the CPU model elsewhere.");
        }
        Map<Integer, Integer> leads = CpuTopology.read(ctx.sysfs()).packageLeads();
        if (leads.isEmpty()) {
            return unavailable(EnergySourceException.Reason.NOT_SUPPORTED,
                    SOURCE + ": cannot map CPUs to packages: no "
                            + ctx.sysfs().resolve("devices/system/cpu/cpu0/topology/physical_package_id"),
                    "Mount the host's /sys and pass it with --sysfs.");
        }
        List<MsrFile> files = new ArrayList<>();
        Map<Integer, Integer> slotByCpu = new LinkedHashMap<>();
        List<ProbeDecision.ZoneCheck> checks = new ArrayList<>();
        Map<Integer, Double> units = new LinkedHashMap<>();
        for (Map.Entry<Integer, Integer> e : leads.entrySet()) {
            int socket = e.getKey();
            int lead = e.getValue();
            Path path = MsrFile.path(ctx.devfs(), lead);
            ReadOutcome outcome = ReadOutcome.OK;
            String detail = "";
            double unit = Double.NaN;
            try {
                MsrFile f = slot(ctx, lead, files, slotByCpu);
                unit = MsrDecoder.energyUnitJoules(cpu, f.read(MsrDecoder.unitRegister(cpu)));
                f.read(MsrDecoder.packageRegister(cpu));
            } catch (IOException ex) {
                outcome = ReadOutcome.of(ex);
                detail = ReadOutcome.describe(ex);
            }
            units.put(socket, unit);
            Zone pkg = counterZone("package-" + socket, socket, Zone.Domain.PACKAGE, Double.isNaN(unit) ? 1 : unit,
                    MsrDecoder.COUNTER_MODULUS, path, MsrDecoder.packageRegister(cpu));
            checks.add(new ProbeDecision.ZoneCheck(pkg, path.toString(), outcome, detail));
        }
        ProbeDecision.Decision d = ProbeDecision.decide(SOURCE, checks, List.of(), REMEDIES);
        if (!d.available() || checks.stream().anyMatch(c -> c.outcome() != ReadOutcome.OK)) {
            // A package without its counter would under-count the node: refuse rather than offer part of it.
            ProbeDecision.Decision refused = d.available()
                    ? ProbeDecision.unavailable(EnergySourceException.Reason.DEVICE_ERROR, d.text(),
                    REMEDIES.broken(checks.get(0).file()))
                    : d;
            return new Plan(refused, files, List.of());
        }
        List<MsrPowerSource.ZonePlan> plans = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ProbeDecision.ZoneCheck c : checks) {
            int socket = c.zone().index();
            int slot = slotByCpu.get(leads.get(socket));
            plans.add(new MsrPowerSource.ZonePlan(c.zone(), MsrDecoder.packageRegister(cpu), new int[] {slot}));
            double unit = units.get(socket);
            if (cpu.vendor() == CpuInfo.Vendor.INTEL) {
                optional(plans, files, slot, socket, cpu, unit, "core-" + socket, Zone.Domain.CORE,
                        MsrDecoder.INTEL_PP0_ENERGY);
                optional(plans, files, slot, socket, cpu, unit, "uncore-" + socket, Zone.Domain.UNCORE,
                        MsrDecoder.INTEL_PP1_ENERGY);
                optional(plans, files, slot, socket, cpu, unit, "dram-" + socket, Zone.Domain.DRAM,
                        MsrDecoder.INTEL_DRAM_ENERGY);
                // Only the package that owns psys reads non-zero; named as the kernel names it.
                optional(plans, files, slot, socket, cpu, unit, socket == 0 ? "psys" : "psys-" + socket,
                        Zone.Domain.PSYS, MsrDecoder.INTEL_PLATFORM_ENERGY);
            } else {
                amdCores(ctx, plans, files, slotByCpu, socket, unit, notes);
            }
        }
        plans.sort(Comparator.comparingInt((MsrPowerSource.ZonePlan p) -> p.zone().domain().ordinal())
                .thenComparingInt(p -> p.zone().index()));
        List<Zone> zones = new ArrayList<>();
        for (MsrPowerSource.ZonePlan p : plans) {
            zones.add(p.zone());
        }
        return new Plan(new ProbeDecision.Decision(true, null, String.join("; ", notes), "", List.copyOf(zones)),
                files, plans);
    }

    private static void optional(List<MsrPowerSource.ZonePlan> plans, List<MsrFile> files, int slot, int socket,
                                 CpuInfo cpu, double unit, String name, Zone.Domain domain, long address) {
        try {
            long counter = MsrDecoder.energyCounter(files.get(slot).read(address));
            if (counter == 0) {
                return; // not implemented on this model
            }
        } catch (IOException e) {
            return; // register absent on this model
        }
        Zone z = counterZone(name, socket, domain, MsrDecoder.domainUnitJoules(cpu, domain, unit),
                MsrDecoder.COUNTER_MODULUS, files.get(slot).path(), address);
        plans.add(new MsrPowerSource.ZonePlan(z, address, new int[] {slot}));
    }

    private static void amdCores(SourceContext ctx, List<MsrPowerSource.ZonePlan> plans, List<MsrFile> files,
                                 Map<Integer, Integer> slotByCpu, int socket, double unit, List<String> notes) {
        List<Integer> cores = CpuTopology.read(ctx.sysfs()).coreLeads(socket);
        int[] slots = new int[cores.size()];
        try {
            for (int k = 0; k < slots.length; k++) {
                MsrFile f = slot(ctx, cores.get(k), files, slotByCpu);
                f.read(MsrDecoder.AMD_CORE_ENERGY);
                slots[k] = slotByCpu.get(cores.get(k));
            }
        } catch (IOException e) {
            notes.add("core-" + socket + " not offered: " + ReadOutcome.describe(e) + " reading MSR 0xc001029a");
            return;
        }
        if (slots.length == 0) {
            return;
        }
        Zone z = counterZone("core-" + socket, socket, Zone.Domain.CORE, unit, 0,
                ctx.devfs().resolve("cpu").resolve("*").resolve("msr"), MsrDecoder.AMD_CORE_ENERGY);
        plans.add(new MsrPowerSource.ZonePlan(z, MsrDecoder.AMD_CORE_ENERGY, slots));
    }

    private static MsrFile slot(SourceContext ctx, int cpu, List<MsrFile> files, Map<Integer, Integer> slotByCpu)
            throws IOException {
        Integer s = slotByCpu.get(cpu);
        if (s != null) {
            return files.get(s);
        }
        MsrFile f = MsrFile.open(MsrFile.path(ctx.devfs(), cpu));
        files.add(f);
        slotByCpu.put(cpu, files.size() - 1);
        return f;
    }

    private static Zone counterZone(String name, int socket, Zone.Domain domain, double unit, long modulus, Path path,
                                    long address) {
        return new Zone(name, socket, domain, Zone.Kind.ENERGY_COUNTER, unit, modulus, PowercapScan.DEFAULT_MAX_WATTS,
                Double.NaN, false, path + " 0x" + Long.toHexString(address));
    }

    private static boolean powercapPresent(SourceContext ctx) {
        Path root = PowercapScan.root(ctx.sysfs());
        return root != null && PowercapScan.scan(root).stream().anyMatch(c -> c.identity() != null);
    }
}
