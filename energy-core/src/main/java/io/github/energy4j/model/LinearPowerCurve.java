package io.github.energy4j.model;

/**
 * Cloud Carbon Footprint's linear curve: {@code watts = vcpus * (min + utilization * (max - min))},
 * with per-vCPU minimum and maximum watts derived from SPECpower results.
 */
public record LinearPowerCurve(double minWattsPerVcpu, double maxWattsPerVcpu, String origin) implements CpuPowerModel {

    public LinearPowerCurve {
        if (!(minWattsPerVcpu >= 0) || !(maxWattsPerVcpu >= minWattsPerVcpu) || Double.isInfinite(maxWattsPerVcpu)) {
            throw new IllegalArgumentException("model watts per vCPU need 0 <= min <= max, got min="
                    + minWattsPerVcpu + " max=" + maxWattsPerVcpu);
        }
    }

    @Override
    public double watts(double utilization, double busyCpuPerSec, int vcpus) {
        double u = Math.min(1, Math.max(0, utilization));
        return vcpus * (minWattsPerVcpu + u * (maxWattsPerVcpu - minWattsPerVcpu));
    }

    @Override
    public double idleWatts(int vcpus) {
        return vcpus * minWattsPerVcpu;
    }

    @Override
    public double maxWatts(int vcpus) {
        return vcpus * maxWattsPerVcpu;
    }

    @Override
    public String description() {
        return String.format(java.util.Locale.ROOT, "linear %.2f-%.2f W per vCPU (%s)", minWattsPerVcpu,
                maxWattsPerVcpu, origin);
    }
}
