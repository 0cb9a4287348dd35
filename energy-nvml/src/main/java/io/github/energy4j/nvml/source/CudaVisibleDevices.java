package io.github.energy4j.nvml.source;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a {@code CUDA_VISIBLE_DEVICES} value to NVML device indices, so that an in-process scope
 * knows which GPUs its CUDA context can touch.
 *
 * <p>Follows the CUDA runtime's reading: unset means every GPU; an empty value means none; entries
 * are comma-separated indices, {@code GPU-<uuid>} (a unique prefix is enough), {@code MIG-<uuid>}
 * (looked up in the MIG map) or the legacy {@code MIG-GPU-<uuid>/<gi>/<ci>}; the list ends at the
 * first entry that names no GPU, as CUDA ignores everything after it. Duplicates are dropped.
 *
 * <p>Numeric entries are taken as NVML (PCI bus) order, which is CUDA's order when
 * {@code CUDA_DEVICE_ORDER=PCI_BUS_ID} or when all GPUs are the same model; use UUIDs otherwise.
 */
final class CudaVisibleDevices {

    private CudaVisibleDevices() {
    }

    /**
     * @param value       the variable's value, {@code null} when unset
     * @param gpuUuids    the {@code GPU-...} UUID of each NVML index, in index order
     * @param migToParent {@code MIG-...} instance UUIDs to the NVML index of their parent GPU
     * @return the NVML indices, in the order CUDA numbers them (CUDA device 0 first)
     */
    public static int[] toNvmlIndices(String value, List<String> gpuUuids, Map<String, Integer> migToParent) {
        int count = gpuUuids.size();
        if (value == null) {
            int[] all = new int[count];
            for (int i = 0; i < count; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[count];
        int n = 0;
        for (String raw : value.split(",", -1)) {
            int index = resolve(raw.trim(), gpuUuids, migToParent);
            if (index < 0) {
                break;
            }
            if (!contains(out, n, index)) {
                out[n++] = index;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int resolve(String entry, List<String> gpuUuids, Map<String, Integer> migToParent) {
        if (entry.isEmpty()) {
            return -1;
        }
        if (isDigits(entry)) {
            try {
                int i = Integer.parseInt(entry);
                return i < gpuUuids.size() ? i : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        String upper = entry.toUpperCase(Locale.ROOT);
        if (upper.startsWith("MIG-GPU-")) {
            int slash = entry.indexOf('/');
            String parent = slash < 0 ? entry.substring(4) : entry.substring(4, slash);
            return byPrefix(parent, gpuUuids);
        }
        if (upper.startsWith("MIG-")) {
            Integer exact = migToParent.get(entry);
            if (exact != null) {
                return exact;
            }
            int found = -1;
            for (Map.Entry<String, Integer> e : migToParent.entrySet()) {
                if (e.getKey().regionMatches(true, 0, entry, 0, entry.length())) {
                    if (found >= 0 && found != e.getValue()) {
                        return -1;
                    }
                    found = e.getValue();
                }
            }
            return found;
        }
        if (upper.startsWith("GPU-")) {
            return byPrefix(entry, gpuUuids);
        }
        return -1;
    }

    private static int byPrefix(String prefix, List<String> uuids) {
        int found = -1;
        for (int i = 0; i < uuids.size(); i++) {
            String u = uuids.get(i);
            if (u.length() >= prefix.length() && u.regionMatches(true, 0, prefix, 0, prefix.length())) {
                if (found >= 0) {
                    return -1; // ambiguous prefix: CUDA rejects it too
                }
                found = i;
            }
        }
        return found;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }
}
