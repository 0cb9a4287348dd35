package io.github.energy4j.agent.serve;

import io.github.energy4j.internal.io.KernelFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One logical CPU as {@code /proc/cpuinfo} describes it, with the fields Kepler's {@code kepler_node_cpu_info}
 * carries. The kernel writes one {@code key\t: value} block per CPU, blocks separated by a blank line. x86
 * kernels write every field; arm64 kernels write {@code processor}, {@code BogoMIPS}, {@code Features} and
 * {@code CPU implementer/architecture/variant/part/revision} only, so there the vendor, model name, physical id
 * and core id are empty strings (the implementer code is not translated into a vendor name).
 *
 * @param processor  the {@code processor} field: the logical CPU number
 * @param vendorId   {@code vendor_id}, e.g. {@code GenuineIntel}; empty when the kernel does not write it
 * @param modelName  {@code model name}; empty when absent
 * @param physicalId {@code physical id} (the socket); empty when absent
 * @param coreId     {@code core id}; empty when absent
 */
public record CpuInfo(String processor, String vendorId, String modelName, String physicalId, String coreId) {

    /** Reads {@code <procfs>/cpuinfo}; an empty list when it cannot be read (no series then, never an error). */
    public static List<CpuInfo> read(Path procfs) {
        String text = KernelFile.text(procfs.resolve("cpuinfo"), 4 << 20);
        try {
            return text == null ? List.of() : parse(text);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Parses the text of {@code /proc/cpuinfo}; blocks without a {@code processor} line are skipped. */
    public static List<CpuInfo> parse(String text) {
        List<CpuInfo> out = new ArrayList<>();
        String[] f = new String[5];
        for (String line : (text + "\n\n").split("\n", -1)) {
            int colon = line.indexOf(':');
            if (line.isBlank()) {
                if (f[0] != null) {
                    out.add(new CpuInfo(f[0], nz(f[1]), nz(f[2]), nz(f[3]), nz(f[4])));
                }
                f = new String[5];
                continue;
            }
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "processor":
                    if (f[0] != null) { // a block without the blank line between: close the previous one
                        out.add(new CpuInfo(f[0], nz(f[1]), nz(f[2]), nz(f[3]), nz(f[4])));
                        f = new String[5];
                    }
                    f[0] = value;
                    break;
                case "vendor_id":
                    f[1] = value;
                    break;
                case "model name":
                    f[2] = value;
                    break;
                case "physical id":
                    f[3] = value;
                    break;
                case "core id":
                    f[4] = value;
                    break;
                default:
                    break;
            }
        }
        return List.copyOf(out);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
