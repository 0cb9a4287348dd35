package io.github.energy4j.agent.serve;

import io.github.energy4j.SourceStatus;
import io.github.energy4j.nvml.GpuDevice;
import io.github.energy4j.nvml.source.NvmlPowerSource;
import io.github.energy4j.nvml.source.NvmlPowerSourceProvider;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.SourceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product names of the GPUs the meter reads ({@code gpu_name} of Kepler's GPU series), which a zone does not
 * carry: asked of NVML once at start, through the NVML provider (NVML counts its initialisations, so the meter's
 * own handle is not disturbed), and only when the meter uses that source.
 */
public final class GpuNames {

    private static final Logger LOG = LoggerFactory.getLogger(GpuNames.class);

    private GpuNames() {
    }

    /** GPU product name by UUID (a GPU zone's device); empty when no NVML source is used or NVML cannot say. */
    public static Map<String, String> lookUp(List<SourceStatus> sources, SourceContext context) {
        boolean nvml = false;
        for (SourceStatus s : sources) {
            nvml |= s.selected() && s.id().equals("nvml");
        }
        if (!nvml) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        try (PowerSource s = new NvmlPowerSourceProvider().open(context)) {
            if (s instanceof NvmlPowerSource n) {
                for (GpuDevice d : n.devices()) {
                    out.put(d.uuid(), d.name());
                }
            }
        } catch (Exception | LinkageError e) {
            LOG.warn("GPU names unavailable, gpu_name stays empty: {}", e.toString());
        }
        return out;
    }
}
