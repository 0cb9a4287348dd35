package io.github.energy4j.model;

import io.github.energy4j.internal.MiniJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A linear power model in the Kepler model-server weights format:
 * <pre>{"All_Weights": {"Bias_Weight": b,
 *   "Numerical_Variables": {"cpu_time": {"scale": s, "weight": w}, ...}}}</pre>
 * predicting {@code watts = b + sum(w * x / s)}. Features are taken as per-second rates over the
 * interval. Supported feature names: {@code cpu_time} and {@code bpf_cpu_time_ms} (busy CPU
 * milliseconds per second) and {@code cpu_utilization} (busy share, 0..1). Predictions are clamped at 0.
 */
public final class KeplerLinearModel implements CpuPowerModel {

    /** Feature names this model can feed. */
    public static final List<String> SUPPORTED_FEATURES = List.of("cpu_time", "bpf_cpu_time_ms", "cpu_utilization");

    private final double bias;
    private final String[] features;
    private final double[] scales;
    private final double[] weights;
    private final String origin;

    private KeplerLinearModel(double bias, Map<String, double[]> vars, String origin) {
        this.bias = bias;
        this.features = vars.keySet().toArray(new String[0]);
        this.scales = new double[features.length];
        this.weights = new double[features.length];
        for (int i = 0; i < features.length; i++) {
            double[] sw = vars.get(features[i]);
            scales[i] = sw[0];
            weights[i] = sw[1];
        }
        this.origin = origin;
    }

    /**
     * Parses the weights JSON.
     *
     * @param json   the file content
     * @param origin where it came from (file name), for reports
     * @throws IllegalArgumentException naming what is wrong (missing keys, zero scale, unsupported feature)
     */
    @SuppressWarnings("unchecked")
    public static KeplerLinearModel parse(String json, String origin) {
        Object root = MiniJson.parse(json);
        if (!(root instanceof Map)) {
            throw new IllegalArgumentException(origin + ": expected a JSON object with All_Weights");
        }
        Object all = ((Map<String, Object>) root).get("All_Weights");
        if (!(all instanceof Map)) {
            throw new IllegalArgumentException(origin + ": missing All_Weights object");
        }
        Map<String, Object> allW = (Map<String, Object>) all;
        Object b = allW.get("Bias_Weight");
        if (!(b instanceof Double)) {
            throw new IllegalArgumentException(origin + ": missing numeric All_Weights.Bias_Weight");
        }
        Object nv = allW.get("Numerical_Variables");
        if (!(nv instanceof Map) || ((Map<?, ?>) nv).isEmpty()) {
            throw new IllegalArgumentException(origin + ": missing All_Weights.Numerical_Variables");
        }
        Map<String, double[]> vars = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) nv).entrySet()) {
            if (!SUPPORTED_FEATURES.contains(e.getKey())) {
                throw new IllegalArgumentException(origin + ": feature '" + e.getKey()
                        + "' is not available without eBPF; supported: " + SUPPORTED_FEATURES);
            }
            if (!(e.getValue() instanceof Map)) {
                throw new IllegalArgumentException(origin + ": feature '" + e.getKey() + "' needs {scale, weight}");
            }
            Map<String, Object> f = (Map<String, Object>) e.getValue();
            if (!(f.get("scale") instanceof Double) || !(f.get("weight") instanceof Double)) {
                throw new IllegalArgumentException(origin + ": feature '" + e.getKey() + "' needs numeric scale and weight");
            }
            double scale = (Double) f.get("scale");
            if (scale == 0) {
                throw new IllegalArgumentException(origin + ": feature '" + e.getKey() + "' has scale 0");
            }
            vars.put(e.getKey(), new double[] {scale, (Double) f.get("weight")});
        }
        return new KeplerLinearModel((Double) b, vars, origin);
    }

    @Override
    public double watts(double utilization, double busyCpuPerSec, int vcpus) {
        double p = bias;
        for (int i = 0; i < features.length; i++) {
            double x;
            switch (features[i]) {
                case "cpu_utilization":
                    x = utilization;
                    break;
                default:
                    x = busyCpuPerSec * 1000.0;
            }
            p += weights[i] * x / scales[i];
        }
        return Math.max(0, p);
    }

    @Override
    public double idleWatts(int vcpus) {
        return watts(0, 0, vcpus);
    }

    @Override
    public double maxWatts(int vcpus) {
        return Math.max(idleWatts(vcpus), watts(1, vcpus, vcpus));
    }

    @Override
    public String description() {
        return "Kepler linear weights (" + origin + ")";
    }
}
