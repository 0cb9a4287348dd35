package io.github.energy4j.rapl.internal;

import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.ZoneDomain;
import java.io.IOException;

/** Reads a package's energy unit from its unit MSR, for powercap zones that publish no range. Cold path. */
public final class MsrUnits {

    private MsrUnits() {
    }

    /** The CPU described by {@code <procfs>/cpuinfo}, or {@link CpuInfo#UNKNOWN}. */
    public static CpuInfo cpuInfo(SourceContext ctx) {
        String text = SysfsText.read(ctx.procfs().resolve("cpuinfo"));
        return text == null ? CpuInfo.UNKNOWN : CpuInfo.parse(text);
    }

    /**
     * Joules per counter unit of {@code domain} on package {@code socket}, read from the unit MSR of
     * the package's first CPU with the documented fixed-unit quirks applied; NaN when it cannot be read.
     */
    public static double unitJoules(SourceContext ctx, int socket, ZoneDomain domain) {
        CpuInfo cpu = cpuInfo(ctx);
        if (!MsrDecoder.supported(cpu)) {
            return Double.NaN;
        }
        Integer lead = CpuTopology.read(ctx.sysfs()).packageLeads().get(socket);
        if (lead == null) {
            return Double.NaN;
        }
        try (MsrFile f = MsrFile.open(MsrFile.path(ctx.devfs(), lead))) {
            double unit = MsrDecoder.energyUnitJoules(f.read(MsrDecoder.unitRegister(cpu)));
            return MsrDecoder.domainUnitJoules(cpu, domain, unit);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
