package io.github.energy4j.platform.redfish;

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

    /** The {@code Members[].@odata.id} of a collection. */
    static List<String> members(byte[] body) throws IOException {
        Object root = Json.parse(body);
        List<String> out = new ArrayList<>();
        if (Json.at(root, "Members") instanceof List<?> l) {
            for (Object m : l) {
                String id = Json.string(m, "@odata.id");
                if (id != null) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    static Chassis chassis(byte[] body) throws IOException {
        Object root = Json.parse(body);
        String uri = Json.string(root, "@odata.id");
        String id = Json.string(root, "Id");
        if (uri == null || id == null) {
            throw new IOException("not a Redfish Chassis resource (no Id or @odata.id)");
        }
        String type = Json.string(root, "ChassisType");
        return new Chassis(id, uri, type == null ? "" : type, Json.string(root, "EnvironmentMetrics", "@odata.id"),
                Json.string(root, "Power", "@odata.id"), Json.string(root, "PowerSubsystem", "@odata.id"),
                Json.string(root, "Links", "ContainedBy", "@odata.id"));
    }

    /** {@code PowerWatts.Reading} of an EnvironmentMetrics resource; NaN when absent or null. */
    static double environmentPowerWatts(byte[] body) throws IOException {
        return Json.number(Json.parse(body), "PowerWatts", "Reading");
    }

    /** {@code PowerSupplies/@odata.id} of a PowerSubsystem resource; null when absent. */
    static String powerSupplies(byte[] body) throws IOException {
        return Json.string(Json.parse(body), "PowerSupplies", "@odata.id");
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
        Object root = Json.parse(body);
        if (!(root instanceof java.util.Map)) {
            throw new IOException("not a Redfish PowerSupply resource");
        }
        String uri = Json.string(root, "@odata.id");
        String state = Json.string(root, "Status", "State");
        return new PowerSupply(uri == null ? "" : uri, state == null ? "" : state,
                Json.string(root, "Metrics", "@odata.id"));
    }

    /** {@code InputPowerWatts.Reading} of a PowerSupplyMetrics resource; NaN when absent or null. */
    static double inputPowerWatts(byte[] body) throws IOException {
        return Json.number(Json.parse(body), "InputPowerWatts", "Reading");
    }

    /**
     * {@code PowerConsumedWatts} of the first {@code PowerControl} entry that has one: the chassis
     * total by convention (later entries, where present, are sub-domains of it).
     */
    static double powerControlWatts(byte[] body) throws IOException {
        if (Json.at(Json.parse(body), "PowerControl") instanceof List<?> l) {
            for (Object pc : l) {
                double w = Json.number(pc, "PowerConsumedWatts");
                if (!Double.isNaN(w)) {
                    return w;
                }
            }
        }
        return Double.NaN;
    }
}
