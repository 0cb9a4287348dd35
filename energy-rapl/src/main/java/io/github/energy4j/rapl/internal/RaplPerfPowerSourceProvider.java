package io.github.energy4j.rapl.internal;

import io.github.energy4j.internal.io.KernelFile;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.util.ArrayList;
import java.util.List;

/**
 * RAPL through the kernel's {@code power} perf PMU ({@code perf_event_open(2)} on
 * {@code <sysfs>/bus/event_source/devices/power}), with the zones of the powercap source: {@code package-N},
 * {@code core-N}, {@code uncore-N}, {@code dram-N}, {@code psys}.
 *
 * <p>Preferred over powercap where permitted (priority 110): a sample is one 8-byte {@code read(2)} of a 64-bit
 * count per zone, with no decimal text formatted by the kernel and parsed by us, and the kernel keeps the 32-bit
 * MSR from wrapping between samples. Counting a whole CPU needs {@code perf_event_paranoid} &lt;= 0 or
 * CAP_PERFMON (CAP_SYS_ADMIN before Linux 5.8): when refused, the probe says so with the remedy and the powercap
 * source ({@code rapl}) is used. {@code rapl.perf=false} turns this source off.
 */
public final class RaplPerfPowerSourceProvider implements PowerSourceProvider {

    /** Provider id. */
    public static final String ID = "rapl-perf";
    /** Configuration key: false turns the perf_event source off. */
    public static final String PERF_ENABLED = "rapl.perf";

    private static final String SOURCE = "RAPL perf_event";

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
        return 110;
    }

    @Override
    public String description() {
        return "Intel/AMD RAPL energy counters from the perf_event power PMU (perf_event_open, 64-bit counts)";
    }

    @Override
    public Probe probe(SourceContext context) {
        Plan plan = null;
        try {
            plan = plan(context);
            return plan.decision().toProbe();
        } catch (RuntimeException | LinkageError e) {
            return Probe.unavailable(SOURCE + ": unexpected error while probing: " + e,
                    "Report this with the output of: ls -lR " + context.sysfs().resolve(PowerPmu.DIR));
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
        } catch (RuntimeException | LinkageError e) {
            throw new EnergySourceException(EnergySourceException.Reason.DEVICE_ERROR,
                    SOURCE + ": unexpected error while opening: " + e, "", e);
        }
        if (!plan.decision().available()) {
            plan.close();
            throw plan.decision().toException();
        }
        return PerfPowerSource.adopt(ID, plan.events(), plan.fds());
    }

    /** The decision, the event of each offered zone and its open descriptor (-1 where it failed). */
    private record Plan(ProbeDecision.Decision decision, List<PerfPowerSource.EventPlan> events, int[] fds) {
        void close() {
            for (int fd : fds) {
                PerfEvents.close(fd);
            }
        }
    }

    private static Plan unavailable(EnergySourceException.Reason reason, String text, String remedy) {
        return new Plan(ProbeDecision.unavailable(reason, text, remedy), List.of(), new int[0]);
    }

    private static Plan plan(SourceContext ctx) {
        if (!ctx.getBoolean(PERF_ENABLED, true)) {
            return unavailable(EnergySourceException.Reason.CONFIGURATION,
                    SOURCE + ": turned off by " + PERF_ENABLED + "=false", "Remove " + PERF_ENABLED
                            + "=false to read RAPL through perf_event where permitted.");
        }
        PowerPmu.Found found = PowerPmu.scan(ctx.sysfs());
        if (!found.usable()) {
            return unavailable(EnergySourceException.Reason.NOT_SUPPORTED,
                    SOURCE + ": " + (found.notes().isEmpty() ? "the power PMU offers no energy event"
                            : String.join("; ", found.notes())),
                    Remedies.perfMissing());
        }
        if (!jnaPresent()) {
            return unavailable(EnergySourceException.Reason.LIBRARY_MISSING,
                    SOURCE + ": JNA (com.sun.jna) is not on the class path",
                    "Put JNA (net.java.dev.jna:jna) on the class path, or use the powercap source (rapl).");
        }
        String why = PerfEvents.load();
        if (!why.isEmpty()) {
            return unavailable(EnergySourceException.Reason.LIBRARY_MISSING, SOURCE + ": " + why,
                    "Put JNA (net.java.dev.jna:jna) on the class path, or use the powercap source (rapl).");
        }
        List<PerfZones.Place> places = new ArrayList<>();
        for (int i = 0; i < found.cpus().length; i++) {
            places.add(PerfZones.packageOf(ctx.sysfs(), found.cpus()[i], i));
        }
        List<PerfPowerSource.EventPlan> events = PerfZones.plan(found, places, PowercapScan.DEFAULT_MAX_WATTS, 0, -1);
        int[] fds = new int[events.size()];
        List<ProbeDecision.ZoneCheck> checks = new ArrayList<>();
        String paranoid = KernelFile.text(ctx.procfs().resolve("sys/kernel/perf_event_paranoid"));
        for (int i = 0; i < events.size(); i++) {
            PerfPowerSource.EventPlan e = events.get(i);
            int fd = PerfPowerSource.open(e);
            fds[i] = fd;
            int errno = fd < 0 ? -fd : 0;
            if (fd >= 0) {
                errno = PerfEvents.trialRead(fd);
            }
            checks.add(new ProbeDecision.ZoneCheck(e.zone(), e.describe(), outcome(errno),
                    errno == 0 ? "" : PerfEvents.describe(errno)));
        }
        ProbeDecision.Decision d = ProbeDecision.decide(SOURCE, checks, found.notes(), remedies(paranoid));
        return new Plan(d, d.available() ? events : List.of(), d.available() ? fds : closeAll(fds));
    }

    /**
     * Whether JNA can be loaded, asked without linking any JNA type: this class must load where JNA is absent (the
     * energy profiler's agent jar carries energy-rapl without it) and then say so.
     */
    private static boolean jnaPresent() {
        try {
            Class.forName("com.sun.jna.Native", false, RaplPerfPowerSourceProvider.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static int[] closeAll(int[] fds) {
        for (int fd : fds) {
            PerfEvents.close(fd);
        }
        return new int[0];
    }

    private static ReadOutcome outcome(int errno) {
        return switch (errno) {
            case 0 -> ReadOutcome.OK;
            case PerfEvents.EACCES, PerfEvents.EPERM -> ReadOutcome.DENIED;
            case PerfEvents.ENOENT, PerfEvents.ENODEV, PerfEvents.EOPNOTSUPP -> ReadOutcome.MISSING;
            default -> ReadOutcome.ERROR;
        };
    }

    private static ProbeDecision.RemedyText remedies(String paranoid) {
        return new ProbeDecision.RemedyText() {
            @Override
            public String denied(String what) {
                return Remedies.perfDenied(paranoid);
            }

            @Override
            public String missing(String what) {
                return Remedies.perfMissing();
            }

            @Override
            public String broken(String what) {
                return "The kernel refused " + what + "; the power PMU may not count on this CPU. "
                        + "The powercap source (rapl) is used instead; set " + PERF_ENABLED + "=false to stop trying.";
            }
        };
    }
}
