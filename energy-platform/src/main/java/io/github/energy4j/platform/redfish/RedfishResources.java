package io.github.energy4j.platform.redfish;

import io.github.energy4j.internal.json.JsonException;
import io.github.energy4j.internal.json.JsonTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the Redfish resources this module needs from their JSON bodies (pure; tested on mockups). */
final class RedfishResources {

    /**
     * What a {@code Chassis/{id}} resource links to.
     *
     * @param id                 {@code Id}
     * @param uri                {@code @odata.id}
     * @param type               {@code ChassisType}, empty when absent
     * @param environmentMetrics {@code EnvironmentMetrics/@odata.id}, null when absent
     * @param power              {@code Power/@odata.id} (deprecated resource), null when absent
     * @param powerSubsystem     {@code PowerSubsystem/@odata.id}, null when absent
     * @param containedBy        {@code Links/ContainedBy/@odata.id}, null when top-level
     */
    record Chassis(String id, String uri, String type, String environmentMetrics, String power,
                   String powerSubsystem, String containedBy) {
    }

    private RedfishResources() {
    }

    /**
     * One resource body as a JSON tree. Numbers beyond a double ({@code 1e999}) read as NaN through
     * {@link JsonTree#number}: no reading rather than infinite watts.
     *
     * @throws IOException when the body is not JSON, saying where
     */
    private static Object parse(byte[] body) throws IOException {
        try {
            return JsonTree.parse(body);
        } catch (JsonException e) {
            throw new IOException("Redfish resource is not JSON: " + e.getMessage(), e);
        }
    }

    /** The {@code Members[].@odata.id} of a collection. */
    static List<String> members(byte[] body) throws IOException {
        Object root = parse(body);
        List<String> out = new ArrayList<>();
        if (JsonTree.path(root, "Members") instanceof List<?> l) {
            for (Object m : l) {
                String id = JsonTree.string(m, null, "@odata.id");
                if (id != null) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    static Chassis chassis(byte[] body) throws IOException {
        Object root = parse(body);
        String uri = JsonTree.string(root, null, "@odata.id");
        String id = JsonTree.string(root, null, "Id");
        if (uri == null || id == null) {
            throw new IOException("not a Redfish Chassis resource (no Id or @odata.id)");
        }
        String type = JsonTree.string(root, null, "ChassisType");
        return new Chassis(id, uri, type == null ? "" : type,
                JsonTree.string(root, null, "EnvironmentMetrics", "@odata.id"),
                JsonTree.string(root, null, "Power", "@odata.id"),
                JsonTree.string(root, null, "PowerSubsystem", "@odata.id"),
                JsonTree.string(root, null, "Links", "ContainedBy", "@odata.id"));
    }

    /** {@code PowerWatts.Reading} of an EnvironmentMetrics resource; NaN when absent or null. */
    static double environmentPowerWatts(byte[] body) throws IOException {
        return JsonTree.number(parse(body), "PowerWatts", "Reading");
    }

    /** {@code PowerSupplies/@odata.id} of a PowerSubsystem resource; null when absent. */
    static String powerSupplies(byte[] body) throws IOException {
        return JsonTree.string(parse(body), null, "PowerSupplies", "@odata.id");
    }

    /**
     * What a {@code PowerSupply} resource says about itself.
     *
     * @param uri     {@code @odata.id}, or empty when absent
     * @param state   {@code Status.State}, empty when absent
     * @param metrics {@code Metrics/@odata.id} (a PowerSupplyMetrics resource), null when absent
     */
    record PowerSupply(String uri, String state, String metrics) {

        /**
         * Whether this supply should be carrying load: present and not switched off. {@code Absent},
         * {@code Disabled}, {@code StandbyOffline} and {@code UnavailableOffline} supplies draw no
         * input power worth reading (a cold-redundant standby supply reports none).
         */
        boolean inService() {
            return !(state.equals("Absent") || state.equals("Disabled") || state.equals("StandbyOffline")
                    || state.equals("UnavailableOffline"));
        }
    }

    static PowerSupply powerSupply(byte[] body) throws IOException {
        Object root = parse(body);
        if (!(root instanceof java.util.Map)) {
            throw new IOException("not a Redfish PowerSupply resource");
        }
        String uri = JsonTree.string(root, null, "@odata.id");
        String state = JsonTree.string(root, null, "Status", "State");
        return new PowerSupply(uri == null ? "" : uri, state == null ? "" : state,
                JsonTree.string(root, null, "Metrics", "@odata.id"));
    }

    /** {@code InputPowerWatts.Reading} of a PowerSupplyMetrics resource; NaN when absent or null. */
    static double inputPowerWatts(byte[] body) throws IOException {
        return JsonTree.number(parse(body), "InputPowerWatts", "Reading");
    }

    /**
     * {@code PowerConsumedWatts} of the first {@code PowerControl} entry that has one: the chassis
     * total by convention (later entries, where present, are sub-domains of it).
     */
    static double powerControlWatts(byte[] body) throws IOException {
        if (JsonTree.path(parse(body), "PowerControl") instanceof List<?> l) {
            for (Object pc : l) {
                double w = JsonTree.number(pc, "PowerConsumedWatts");
                if (!Double.isNaN(w)) {
                    return w;
                }
            }
        }
        return Double.NaN;
    }
}
