package io.github.energy4j.agent.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The green-ops report for a period, computed from {@link PeriodFigures} (and those of the previous period for the
 * trend). Units: kWh and grams CO2e.
 *
 * <p><b>Efficiency score</b> (0 to 100): the share of the energy that did work, {@code 100 × (1 − idle energy /
 * total energy)}, where idle energy is what the nodes (CPU package and DRAM, GPUs) drew while idle. A fleet that
 * runs its nodes busy scores high; one that keeps many near-idle nodes powered scores low.
 *
 * <p><b>Recommendations</b> and how their savings are estimated (upper bounds, stated as such in the report):
 * <ul>
 *   <li>{@code consolidate}: when the mean CPU utilisation {@code u} is below {@value #TARGET_UTILISATION} and idle
 *       energy is over {@value #IDLE_SHARE_TRIGGER} of the total, packing the work onto fewer nodes at
 *       {@value #TARGET_UTILISATION} utilisation frees a share {@code 1 − u / 0.6} of the nodes, whose idle energy is
 *       saved: {@code idle kWh × (1 − u / 0.6)}, and its CO2e at the fleet's mean intensity.</li>
 *   <li>{@code idle-gpus}: when GPUs drew more than half their energy idle, that idle energy is saved by releasing
 *       them (or sharing them: time-slicing, MIG).</li>
 *   <li>{@code greener-zone}: when nodes ran at different grid intensities, moving the energy of the dirtier nodes
 *       to the greenest one saves {@code Σ kWh × (I_node − I_min)} grams; the energy stays the same.</li>
 * </ul>
 * Right-sizing of requests needs the pods' CPU requests, which energy4j's series do not hold: {@code report
 * --format json} on a node gives the split by requests for a live window instead.
 */
final class GreenOpsHistory {

    static final double TARGET_UTILISATION = 0.6;
    static final double IDLE_SHARE_TRIGGER = 0.2;
    private static final double JOULES_PER_KWH = 3.6e6;

    /** Totals of a period. */
    record Summary(double kwh, double grams, double idleKwh, double gpuKwh, double gpuIdleKwh, double cpuUtilisation,
                   double podKwh) {

        double idleShare() {
            return kwh > 0 ? idleKwh / kwh : Double.NaN;
        }

        double efficiencyScore() {
            return kwh > 0 ? 100 * (1 - idleShare()) : Double.NaN;
        }

        double gramsPerKwh() {
            return kwh > 0 ? grams / kwh : Double.NaN;
        }

        double gpuUtilisation() {
            return gpuKwh > 0 ? 1 - gpuIdleKwh / gpuKwh : Double.NaN;
        }
    }

    /** One row of a breakdown. */
    record Row(String name, double kwh, double grams) {
    }

    /** A recommendation with its estimated savings over a period like this one. */
    record Recommendation(String id, String text, double savingsKwh, double savingsGrams, String basis) {
    }

    final PeriodFigures current;
    final PeriodFigures previous;
    final Summary summary;
    final Summary previousSummary;
    final List<Row> namespaces;
    final List<Row> zones;
    final Map<String, Double> previousNamespaceKwh;
    final List<Recommendation> recommendations;
    final String source;

    GreenOpsHistory(PeriodFigures current, PeriodFigures previous, String source) {
        this.current = current;
        this.previous = previous;
        this.source = source;
        this.summary = summarize(current);
        this.previousSummary = previous == null ? null : summarize(previous);
        this.namespaces = namespaces(current);
        this.zones = zones(current);
        Map<String, Double> prevNs = new LinkedHashMap<>();
        if (previous != null) {
            for (Row r : namespaces(previous)) {
                prevNs.put(r.name(), r.kwh());
            }
        }
        this.previousNamespaceKwh = prevNs;
        this.recommendations = recommend(current, summary);
    }

    static Summary summarize(PeriodFigures f) {
        double j = 0;
        double idle = 0;
        double gpu = 0;
        double gpuIdle = 0;
        double grams = 0;
        boolean carbon = false;
        double usage = 0;
        int usageNodes = 0;
        for (PeriodFigures.Node n : f.nodes().values()) {
            j += n.joules();
            idle += n.idleJoules();
            gpu += n.gpuJoules();
            gpuIdle += n.gpuIdleJoules();
            if (!Double.isNaN(n.carbonGrams())) {
                grams += n.carbonGrams();
                carbon = true;
            }
            if (!Double.isNaN(n.cpuUsage())) {
                usage += n.cpuUsage();
                usageNodes++;
            }
        }
        double pods = 0;
        for (Map<String, Double> byNode : f.pods().values()) {
            for (double v : byNode.values()) {
                pods += v;
            }
        }
        return new Summary(j / JOULES_PER_KWH, carbon ? grams : Double.NaN, idle / JOULES_PER_KWH, gpu / JOULES_PER_KWH,
                gpuIdle / JOULES_PER_KWH, usageNodes > 0 ? usage / usageNodes : Double.NaN, pods / JOULES_PER_KWH);
    }

    /** Grams per joule of a node's energy (its agent's conversion), NaN when not recorded. */
    private static double gramsPerJoule(PeriodFigures.Node n) {
        return n.joules() > 0 ? n.carbonGrams() / n.joules() : Double.NaN;
    }

    /**
     * Namespaces by the energy their pods were attributed, each at the intensity of the nodes it ran on; then the
     * idle energy and the active energy of no pod (system daemons, kubelet), so that the rows add up to the total.
     */
    static List<Row> namespaces(PeriodFigures f) {
        List<Row> out = new ArrayList<>();
        Map<String, Double> podJoulesPerNode = new TreeMap<>();
        for (Map.Entry<String, Map<String, Double>> ns : f.pods().entrySet()) {
            double j = 0;
            double g = 0;
            for (Map.Entry<String, Double> e : ns.getValue().entrySet()) {
                j += e.getValue();
                podJoulesPerNode.merge(e.getKey(), e.getValue(), Double::sum);
                PeriodFigures.Node n = f.nodes().get(e.getKey());
                g += n == null ? Double.NaN : e.getValue() * gramsPerJoule(n);
            }
            out.add(new Row(ns.getKey(), j / JOULES_PER_KWH, g));
        }
        out.sort((a, b) -> Double.compare(b.kwh(), a.kwh()));
        double idleJ = 0;
        double idleG = 0;
        double sysJ = 0;
        double sysG = 0;
        for (Map.Entry<String, PeriodFigures.Node> e : f.nodes().entrySet()) {
            PeriodFigures.Node n = e.getValue();
            double gpj = gramsPerJoule(n);
            double system = Math.max(0, n.joules() - n.idleJoules() - podJoulesPerNode.getOrDefault(e.getKey(), 0.0));
            idleJ += n.idleJoules();
            idleG += n.idleJoules() * gpj;
            sysJ += system;
            sysG += system * gpj;
        }
        out.add(new Row("(idle)", idleJ / JOULES_PER_KWH, idleG));
        out.add(new Row("(system, not in pods)", sysJ / JOULES_PER_KWH, sysG));
        return out;
    }

    /** Grid zones (as the agents' intensity gauge named them; per node when not recorded). */
    static List<Row> zones(PeriodFigures f) {
        Map<String, double[]> acc = new TreeMap<>();
        for (Map.Entry<String, PeriodFigures.Node> e : f.nodes().entrySet()) {
            PeriodFigures.Node n = e.getValue();
            String zone = n.gridZone().isEmpty() ? "node " + e.getKey() + " (zone not recorded)" : n.gridZone();
            double[] a = acc.computeIfAbsent(zone, k -> new double[2]);
            a[0] += n.joules() / JOULES_PER_KWH;
            a[1] += n.carbonGrams();
        }
        List<Row> out = new ArrayList<>();
        for (Map.Entry<String, double[]> e : acc.entrySet()) {
            out.add(new Row(e.getKey(), e.getValue()[0], e.getValue()[1]));
        }
        out.sort((a, b) -> Double.compare(b.kwh(), a.kwh()));
        return out;
    }

    static List<Recommendation> recommend(PeriodFigures f, Summary s) {
        List<Recommendation> out = new ArrayList<>();
        double meanIntensity = s.gramsPerKwh();
        if (s.cpuUtilisation() < TARGET_UTILISATION && s.idleShare() > IDLE_SHARE_TRIGGER) {
            double kwh = s.idleKwh() * (1 - s.cpuUtilisation() / TARGET_UTILISATION);
            out.add(new Recommendation("consolidate", String.format(java.util.Locale.ROOT,
                    "Consolidate: mean CPU utilisation %.0f %% with %.0f %% of the energy drawn idle; packing the work "
                            + "onto fewer nodes at %.0f %% utilisation and switching the freed nodes off saves their idle "
                            + "energy", 100 * s.cpuUtilisation(), 100 * s.idleShare(), 100 * TARGET_UTILISATION),
                    kwh, kwh * meanIntensity, "idle kWh x (1 - utilisation / 0.6); CO2e at the fleet's mean intensity"));
        }
        if (s.gpuKwh() > 0 && s.gpuIdleKwh() > 0.5 * s.gpuKwh()) {
            out.add(new Recommendation("idle-gpus", String.format(java.util.Locale.ROOT,
                    "Release idle GPUs: %.0f %% of the GPU energy was drawn idle; free or share them (time-slicing, MIG)",
                    100 * s.gpuIdleKwh() / s.gpuKwh()), s.gpuIdleKwh(), s.gpuIdleKwh() * meanIntensity,
                    "GPU idle kWh; CO2e at the fleet's mean intensity"));
        }
        double min = Double.POSITIVE_INFINITY;
        String greenest = "";
        for (Map.Entry<String, PeriodFigures.Node> e : f.nodes().entrySet()) {
            double gpk = gramsPerJoule(e.getValue()) * JOULES_PER_KWH;
            if (gpk < min) {
                min = gpk;
                greenest = e.getValue().gridZone().isEmpty() ? "node " + e.getKey() : e.getValue().gridZone();
            }
        }
        double shiftGrams = 0;
        for (PeriodFigures.Node n : f.nodes().values()) {
            double gpk = gramsPerJoule(n) * JOULES_PER_KWH;
            if (gpk > min) {
                shiftGrams += n.joules() / JOULES_PER_KWH * (gpk - min);
            }
        }
        if (shiftGrams > 0) {
            out.add(new Recommendation("greener-zone", String.format(java.util.Locale.ROOT,
                    "Shift to a greener zone: %s ran at %.0f g/kWh; placing the work of the other nodes there "
                            + "(energy4j scheduler-extender does this for new pods) saves CO2e", greenest, min),
                    0, shiftGrams, "sum over nodes of kWh x (node g/kWh - lowest g/kWh)"));
        }
        return out;
    }
}
