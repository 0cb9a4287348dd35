package io.github.energy4j.rapl.internal;

import io.github.energy4j.internal.io.KernelFile;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.io.IOException;

/** Reads a package's energy unit from its unit MSR, for powercap zones that publish no range. Cold path. */
public final class MsrUnits {

    private MsrUnits() {
    }

    /** The CPU described by {@code <procfs>/cpuinfo}, or {@link CpuInfo#UNKNOWN}. */
    public static CpuInfo cpuInfo(SourceContext ctx) {
        String text = KernelFile.text(ctx.procfs().resolve("cpuinfo"), 1 << 20);
        return text == null ? CpuInfo.UNKNOWN : CpuInfo.parse(text);
    }

    /**
     * The wrap modulus in microjoules of the powercap counter of {@code domain} on package {@code socket},
     * from the unit MSR of the package's first CPU, computed as the kernel would have published it
     * ({@link MsrDecoder#powercapModulusUj}); 0 when it cannot be read.
     */
    public static long powercapModulusUj(SourceContext ctx, int socket, Zone.Domain domain) {
        CpuInfo cpu = cpuInfo(ctx);
        if (!MsrDecoder.supported(cpu)) {
            return 0;
        }
        Integer lead = CpuTopology.read(ctx.sysfs()).packageLeads().get(socket);
        if (lead == null) {
            return 0;
        }
        try (MsrFile f = MsrFile.open(MsrFile.path(ctx.devfs(), lead))) {
            return MsrDecoder.powercapModulusUj(cpu, domain, f.read(MsrDecoder.unitRegister(cpu)));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
