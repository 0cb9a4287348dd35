package io.github.energy4j.agent.extender;

import io.github.energy4j.internal.json.JsonTree;
import io.github.energy4j.carbon.IntensityReading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The extender's decisions on one {@code ExtenderArgs} body. Wire types are those of
 * {@code k8s.io/kube-scheduler/extender/v1} (staging/src/k8s.io/kube-scheduler/extender/v1/types.go in
 * kubernetes/kubernetes): the Go structs carry no json tags, so the field names are the Go names
 * ({@code Pod}, {@code Nodes}, {@code NodeNames}, {@code FailedNodes}, {@code FailedAndUnresolvableNodes},
 * {@code Error}, {@code Host}, {@code Score}); {@code Nodes} is a core/v1 {@code NodeList} ({@code items}), sent
 * when the extender is not {@code nodeCacheCapable}, {@code NodeNames} when it is. Scores lie in
 * [{@code MinExtenderPriority} 0, {@code MaxExtenderPriority} 10].
 *
 * <p>Intensity of a node = grid g/kWh × PUE of its zone (grams per kWh the server draws). Filter: with
 * {@code maxIntensity}, nodes above it fail as unresolvable (preemption cannot make a grid greener); nodes whose zone
 * is unknown are never filtered on a guess; and when every placed node is above, none is filtered and the result says
 * so. Prioritize: {@code score = round(10 × (wc × c + we × e))} where {@code c = (Imin + 1) / (I + 1)} (1 for the
 * greenest candidate, falling smoothly as intensity rises) and {@code e = Wmin / W} over watts per busy CPU from
 * Prometheus (1 for the most efficient; 0.5 for a node with no data); {@code we = 1 - wc}, and {@code wc = 1} when no
 * candidate has efficiency data. Thread-safe.
 */
public final class CarbonPlacement {

    /** {@code MaxExtenderPriority} of k8s.io/kube-scheduler/extender/v1. */
    public static final int MAX_PRIORITY = 10;

    private final NodeZones zones;
    private final ZoneIntensities intensities;
    private final NodeEfficiency efficiency;
    private final double maxIntensity;
    private final double carbonWeight;

    /**
     * @param efficiency   null without {@code --prometheus}
     * @param maxIntensity g/kWh above which filter drops nodes; NaN for no filtering
     * @param carbonWeight weight of carbon against efficiency, 0..1
     */
    public CarbonPlacement(NodeZones zones, ZoneIntensities intensities, NodeEfficiency efficiency, double maxIntensity,
                           double carbonWeight) {
        this.zones = zones;
        this.intensities = intensities;
        this.efficiency = efficiency;
        this.maxIntensity = maxIntensity;
        this.carbonWeight = carbonWeight;
    }

    /** A candidate with its zone and intensity. */
    record Candidate(NodeZone zone, Object node, IntensityReading reading) {

        double intensity() {
            return reading.gramsPerKwh() * reading.pue();
        }
    }

    /** The outcome of a filter call: the result body and, when nothing was filtered on purpose, why. */
    public record FilterOutcome(Map<String, Object> result, String note) {
    }

    /**
     * The candidates of an {@code ExtenderArgs} body.
     *
     * @throws IllegalArgumentException naming what is wrong with the body (a 400 for the caller)
     */
    List<Candidate> candidates(Object args) {
        if (!(args instanceof Map)) {
            throw new IllegalArgumentException("body must be a JSON object (ExtenderArgs), was " + JsonTree.kind(args));
        }
        Object nodes = JsonTree.member(args, "Nodes");
        Object names = JsonTree.member(args, "NodeNames");
        List<Candidate> out = new ArrayList<>();
        if (nodes != null && nodes != JsonTree.NULL) {
            Object items = JsonTree.member(nodes, "items");
            if (!(items instanceof List<?> list)) {
                throw new IllegalArgumentException("ExtenderArgs.Nodes must be a NodeList with an items array");
            }
            for (Object n : list) {
                String name = JsonTree.string(n, "", "metadata", "name");
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("a node in ExtenderArgs.Nodes.items has no metadata.name");
                }
                NodeZone z = zones.of(n);
                out.add(new Candidate(z, n, intensities.reading(z.zone())));
            }
            return out;
        }
        if (names instanceof List<?> list) {
            for (Object n : list) {
                if (!(n instanceof String s) || s.isEmpty()) {
                    throw new IllegalArgumentException("ExtenderArgs.NodeNames must hold non-empty strings, found "
                            + JsonTreeWriter.toJson(n));
                }
                NodeZone z = zones.ofName(s);
                out.add(new Candidate(z, s, intensities.reading(z.zone())));
            }
            return out;
        }
        throw new IllegalArgumentException("ExtenderArgs has neither Nodes (a NodeList) nor NodeNames (an array)");
    }

    /** The {@code ExtenderFilterResult} for an {@code ExtenderArgs} body. */
    public FilterOutcome filter(Object args) {
        List<Candidate> all = candidates(args);
        boolean byName = JsonTree.member(args, "Nodes") == null || JsonTree.member(args, "Nodes") == JsonTree.NULL;
        Map<String, Object> failed = new LinkedHashMap<>();
        List<Candidate> kept = new ArrayList<>();
        String note = "";
        if (!Double.isNaN(maxIntensity)) {
            int placed = 0;
            int above = 0;
            for (Candidate c : all) {
                if (!c.zone().unknown()) {
                    placed++;
                    if (c.intensity() > maxIntensity) {
                        above++;
                    }
                }
            }
            boolean everyPlacedAbove = placed > 0 && above == placed && placed == all.size();
            for (Candidate c : all) {
                if (!everyPlacedAbove && !c.zone().unknown() && c.intensity() > maxIntensity) {
                    failed.put(c.zone().node(), String.format(Locale.ROOT,
                            "grid intensity %.1f g/kWh (zone %s, %s) is above --max-intensity %.1f",
                            c.intensity(), c.zone().zone(), c.reading().provenance().provider(), maxIntensity));
                } else {
                    kept.add(c);
                }
            }
            if (everyPlacedAbove) {
                note = String.format(Locale.ROOT, "all %d candidate nodes are above --max-intensity %.1f g/kWh; "
                        + "none filtered so that the pod can still be scheduled", all.size(), maxIntensity);
            }
        } else {
            kept.addAll(all);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        if (byName) {
            List<Object> names = new ArrayList<>();
            for (Candidate c : kept) {
                names.add(c.zone().node());
            }
            r.put("Nodes", JsonTree.NULL);
            r.put("NodeNames", names);
        } else {
            Map<String, Object> list = new LinkedHashMap<>();
            // keep the NodeList's own fields (kind, apiVersion, metadata) and pass the kept node objects back as sent
            @SuppressWarnings("unchecked")
            Map<String, Object> sent = (Map<String, Object>) JsonTree.member(args, "Nodes");
            for (Map.Entry<String, Object> e : sent.entrySet()) {
                if (!e.getKey().equals("items")) {
                    list.put(e.getKey(), e.getValue());
                }
            }
            List<Object> items = new ArrayList<>();
            for (Candidate c : kept) {
                items.add(c.node());
            }
            list.put("items", items);
            r.put("Nodes", list);
            r.put("NodeNames", JsonTree.NULL);
        }
        r.put("FailedNodes", new LinkedHashMap<String, Object>());
        r.put("FailedAndUnresolvableNodes", failed);
        r.put("Error", "");
        return new FilterOutcome(r, note);
    }

    /** The {@code HostPriorityList} for an {@code ExtenderArgs} body. */
    public List<Object> prioritize(Object args) {
        List<Candidate> all = candidates(args);
        double minIntensity = Double.POSITIVE_INFINITY;
        for (Candidate c : all) {
            if (c.intensity() >= 0) {
                minIntensity = Math.min(minIntensity, c.intensity());
            }
        }
        Map<String, Double> watts = efficiency == null ? Map.of() : efficiency.wattsPerBusyCpu();
        double minWatts = Double.POSITIVE_INFINITY;
        for (Candidate c : all) {
            Double w = watts.get(c.zone().node());
            if (w != null) {
                minWatts = Math.min(minWatts, w);
            }
        }
        double wc = Double.isInfinite(minWatts) ? 1.0 : carbonWeight;
        List<Object> out = new ArrayList<>();
        for (Candidate c : all) {
            double i = c.intensity();
            double carbon = Double.isNaN(i) || Double.isInfinite(minIntensity) ? 0.5 : (minIntensity + 1) / (i + 1);
            Double w = watts.get(c.zone().node());
            double eff = w == null ? 0.5 : minWatts / w;
            long score = Math.round(MAX_PRIORITY * (wc * carbon + (1 - wc) * eff));
            Map<String, Object> hp = new LinkedHashMap<>();
            hp.put("Host", c.zone().node());
            hp.put("Score", Math.max(0, Math.min(MAX_PRIORITY, score)));
            out.add(hp);
        }
        return out;
    }
}
