package io.github.energy4j.model;

import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CPU power model ({@code model}): estimates node CPU power from {@code /proc/stat} utilisation.
 * Lowest priority in the CPU group, so it is used exactly when no CPU sensor is available; every
 * figure it produces is tagged estimated.
 *
 * <p>Configuration: {@code model.minWattsPerVcpu} and {@code model.maxWattsPerVcpu}; or
 * {@code model.cloud} ({@code aws|gcp|azure}) with {@code model.cpu} (a microarchitecture of the
 * embedded table, e.g. {@code Cascade Lake}); or {@code model.weights} (a Kepler linear-weights JSON
 * file). Default: Cloud Carbon Footprint's AWS average, 0.74-3.5 W per vCPU.
 */
public final class CpuPowerModelProvider implements PowerSourceProvider {

    public static final String ID = "model";

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
        return 1;
    }

    @Override
    public String description() {
        return "CPU power model from /proc/stat utilisation (estimated; used when no CPU sensor is readable)";
    }

    @Override
    public Probe probe(SourceContext context) {
        try {
            CpuPowerModel model = model(context);
            CpuPowerModelSource s = new CpuPowerModelSource(context.procfs(), model);
            try {
                String err = s.check();
                if (!err.isEmpty()) {
                    return Probe.unavailable(err, "pass the host's proc root with --procfs (e.g. /host/proc in a container)");
                }
                return Probe.available(s.zones());
            } finally {
                s.close();
            }
        } catch (EnergySourceException e) {
            return Probe.unavailable(e.getMessage(), e.remedy());
        } catch (RuntimeException e) {
            return Probe.unavailable("model: " + e, "check the model.* settings");
        }
    }

    @Override
    public PowerSource open(SourceContext context) throws EnergySourceException {
        CpuPowerModelSource s = new CpuPowerModelSource(context.procfs(), model(context));
        String err = s.check();
        if (!err.isEmpty()) {
            s.close();
            throw new EnergySourceException(EnergySourceException.Reason.NOT_SUPPORTED, err,
                    "pass the host's proc root with --procfs (e.g. /host/proc in a container)");
        }
        return s;
    }

    /** Builds the configured model. */
    static CpuPowerModel model(SourceContext c) throws EnergySourceException {
        String weights = c.get("model.weights", null);
        if (weights != null) {
            try {
                return KeplerLinearModel.parse(Files.readString(Path.of(weights), StandardCharsets.UTF_8),
                        Path.of(weights).getFileName().toString());
            } catch (IOException e) {
                throw new EnergySourceException(EnergySourceException.Reason.CONFIGURATION,
                        "model.weights: cannot read " + weights + ": " + e.getMessage(), "point model.weights at a readable file");
            } catch (IllegalArgumentException e) {
                throw new EnergySourceException(EnergySourceException.Reason.CONFIGURATION, "model.weights: "
                        + e.getMessage(), "use a Kepler linear-weights JSON with features " + KeplerLinearModel.SUPPORTED_FEATURES);
            }
        }
        String min = c.get("model.minWattsPerVcpu", null);
        String max = c.get("model.maxWattsPerVcpu", null);
        if (min != null || max != null) {
            if (min == null || max == null) {
                throw new EnergySourceException(EnergySourceException.Reason.CONFIGURATION,
                        "model.minWattsPerVcpu and model.maxWattsPerVcpu must be set together",
                        "set both, e.g. 0.74 and 3.5");
            }
            try {
                return new LinearPowerCurve(Double.parseDouble(min), Double.parseDouble(max), "configured");
            } catch (IllegalArgumentException e) {
                throw new EnergySourceException(EnergySourceException.Reason.CONFIGURATION,
                        "model watts per vCPU: " + e.getMessage(), "use numbers with 0 <= min <= max");
            }
        }
        String cpu = c.get("model.cpu", null);
        String cloud = c.get("model.cloud", CpuCoefficients.DEFAULT_PROVIDER);
        if (cpu != null) {
            return CpuCoefficients.find(cloud, cpu).map(CpuCoefficients.Row::curve).orElseThrow(() ->
                    new EnergySourceException(EnergySourceException.Reason.CONFIGURATION,
                            "model.cpu '" + cpu + "' is not in the table for " + cloud,
                            "use one of: " + microarchitectures(cloud)));
        }
        if (!cloud.equals(CpuCoefficients.DEFAULT_PROVIDER)) {
            for (CpuCoefficients.Row r : CpuCoefficients.rows()) {
                if (r.provider().equalsIgnoreCase(cloud) && r.microarchitecture().startsWith("(unknown")) {
                    return r.curve();
                }
            }
            throw new EnergySourceException(EnergySourceException.Reason.CONFIGURATION,
                    "model.cloud '" + cloud + "' is not one of aws, gcp, azure", "use aws, gcp or azure");
        }
        return CpuCoefficients.defaultCurve();
    }

    private static List<String> microarchitectures(String cloud) {
        return CpuCoefficients.rows().stream().filter(r -> r.provider().equalsIgnoreCase(cloud))
                .map(CpuCoefficients.Row::microarchitecture).toList();
    }
}
