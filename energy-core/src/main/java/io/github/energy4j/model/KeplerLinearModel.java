package io.github.energy4j.model;

import io.github.energy4j.internal.json.JsonException;
import io.github.energy4j.internal.json.JsonTree;
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
    public static KeplerLinearModel parse(String json, String origin) {
        Object root;
        try {
            root = JsonTree.parse(json);
        } catch (JsonException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
        if (!(root instanceof Map)) {
            throw new IllegalArgumentException(origin + ": expected a JSON object with All_Weights");
        }
        if (!(JsonTree.member(root, "All_Weights") instanceof Map)) {
            throw new IllegalArgumentException(origin + ": missing All_Weights object");
        }
        Map<String, Object> allW = JsonTree.object(root, "All_Weights");
        double bias = JsonTree.number(allW, "Bias_Weight");
        if (Double.isNaN(bias)) {
            throw new IllegalArgumentException(origin + ": missing numeric All_Weights.Bias_Weight");
        }
        Map<String, Object> nv = JsonTree.object(allW, "Numerical_Variables");
        if (nv.isEmpty()) {
            throw new IllegalArgumentException(origin + ": missing All_Weights.Numerical_Variables");
        }
        Map<String, double[]> vars = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : nv.entrySet()) {
            if (!SUPPORTED_FEATURES.contains(e.getKey())) {
                throw new IllegalArgumentException(origin + ": feature '" + e.getKey()
                        + "' is not available without eBPF; supported: " + SUPPORTED_FEATURES);
            }
            if (!(e.getValue() instanceof Map)) {
                throw new IllegalArgumentException(origin + ": feature '" + e.getKey() + "' needs {scale, weight}");
            }
            double scale = JsonTree.number(e.getValue(), "scale");
            double weight = JsonTree.number(e.getValue(), "weight");
            if (Double.isNaN(scale) || Double.isNaN(weight)) {
                throw new IllegalArgumentException(origin + ": feature '" + e.getKey() + "' needs numeric scale and weight");
            }
            if (scale == 0) {
                throw new IllegalArgumentException(origin + ": feature '" + e.getKey() + "' has scale 0");
            }
            vars.put(e.getKey(), new double[] {scale, weight});
        }
        return new KeplerLinearModel(bias, vars, origin);
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
