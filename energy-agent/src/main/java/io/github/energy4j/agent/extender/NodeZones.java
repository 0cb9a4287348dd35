package io.github.energy4j.agent.extender;

import io.github.energy4j.internal.json.JsonTree;
import java.util.Locale;
import java.util.Map;

/**
 * Works out a node's grid zone from a Kubernetes Node object. In order: an explicit node→zone map entry; the cloud
 * from {@code spec.providerID} with the region from the well-known label {@code topology.kubernetes.io/region}
 * (https://kubernetes.io/docs/reference/labels-annotations-taints/#topologykubernetesioregion); the region taken from
 * the providerID itself; the label alone; the configured default zone; otherwise unknown with a reason.
 *
 * <p>providerID forms (set by each cloud's controller manager):
 * <ul>
 *   <li>AWS {@code aws:///us-east-1a/i-0123} (availability zone; the region is the zone without its letter)</li>
 *   <li>GCE {@code gce://project/europe-west1-b/instance} (zone; the region is the zone without {@code -b})</li>
 *   <li>Azure {@code azure:///subscriptions/.../virtualMachines/name} (no region in it: the label is needed)</li>
 *   <li>Alibaba Cloud {@code cn-hangzhou.i-bp1...}: {@code <REGION_ID>.<ECS_ID>}, as documented by
 *       kubernetes/cloud-provider-alibaba-cloud docs/getting-started.md ("hostname and provider id")</li>
 * </ul>
 * Stateless apart from its configuration; thread-safe.
 */
public final class NodeZones {

    static final String REGION_LABEL = "topology.kubernetes.io/region";
    // deprecated since Kubernetes 1.17, still set on older nodes
    static final String LEGACY_REGION_LABEL = "failure-domain.beta.kubernetes.io/region";

    private final Map<String, String> byNode;
    private final String defaultZone;

    /**
     * @param byNode      node name → zone; wins over anything on the node
     * @param defaultZone zone for nodes nothing else places, or empty
     */
    public NodeZones(Map<String, String> byNode, String defaultZone) {
        this.byNode = Map.copyOf(byNode);
        this.defaultZone = defaultZone;
    }

    /** The zone of a node known only by name (the {@code nodeCacheCapable} form sends no labels). */
    public NodeZone ofName(String node) {
        String z = byNode.get(node);
        if (z != null) {
            return new NodeZone(node, z, "map", "");
        }
        return fallback(node, "the scheduler sent only the node name (nodeCacheCapable: true) and --node-zones has no "
                + "entry for it");
    }

    /** The zone of a Node object ({@code metadata.name}, {@code metadata.labels}, {@code spec.providerID}). */
    public NodeZone of(Object node) {
        String name = JsonTree.string(node, "", "metadata", "name");
        String mapped = byNode.get(name);
        if (mapped != null) {
            return new NodeZone(name, mapped, "map", "");
        }
        String label = JsonTree.string(node, "", "metadata", "labels", REGION_LABEL);
        if (label.isEmpty()) {
            label = JsonTree.string(node, "", "metadata", "labels", LEGACY_REGION_LABEL);
        }
        String providerId = JsonTree.string(node, "", "spec", "providerID");
        String cloud = cloud(providerId);
        if (!cloud.isEmpty() && !label.isEmpty()) {
            return new NodeZone(name, cloud + ':' + label, "label", "");
        }
        if (!cloud.isEmpty()) {
            String region = regionFromProviderId(cloud, providerId);
            if (!region.isEmpty()) {
                return new NodeZone(name, cloud + ':' + region, "providerID", "");
            }
            return fallback(name, "providerID '" + providerId + "' names " + cloud + " but no region, and the node has no "
                    + REGION_LABEL + " label");
        }
        if (!label.isEmpty()) {
            // no cloud: the label may be a country code or a plain region id the carbon data resolves
            return new NodeZone(name, label, "label", "");
        }
        return fallback(name, "node has no " + REGION_LABEL + " label and no providerID of a known cloud"
                + (providerId.isEmpty() ? "" : " ('" + providerId + "')"));
    }

    private NodeZone fallback(String node, String why) {
        if (!defaultZone.isEmpty()) {
            return new NodeZone(node, defaultZone, "default", why + "; --default-zone " + defaultZone + " used");
        }
        return new NodeZone(node, "", "unknown", why);
    }

    /** {@code aws}, {@code gcp}, {@code azure}, {@code alibaba}, or empty. */
    static String cloud(String providerId) {
        String p = providerId.toLowerCase(Locale.ROOT);
        if (p.startsWith("aws://")) {
            return "aws";
        }
        if (p.startsWith("gce://")) {
            return "gcp";
        }
        if (p.startsWith("azure://")) {
            return "azure";
        }
        int dot = p.indexOf('.');
        if (dot > 0 && p.indexOf("://") < 0 && p.startsWith("i-", dot + 1) && isRegionId(p.substring(0, dot))) {
            return "alibaba";
        }
        return "";
    }

    private static boolean isRegionId(String s) {
        // cn-hangzhou, ap-southeast-1, us-east-1: lower-case letters, digits and dashes, with a dash
        if (s.indexOf('-') <= 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    static String regionFromProviderId(String cloud, String providerId) {
        switch (cloud) {
            case "alibaba":
                return providerId.substring(0, providerId.indexOf('.'));
            case "aws": {
                // aws:///us-east-1a/i-0123 (the availability zone is the first path segment)
                String zone = segment(providerId.substring("aws://".length()), 0);
                int n = zone.length();
                return n > 1 && Character.isLetter(zone.charAt(n - 1)) && Character.isDigit(zone.charAt(n - 2))
                        ? zone.substring(0, n - 1) : "";
            }
            case "gcp": {
                // gce://project/europe-west1-b/instance
                String zone = segment(providerId.substring("gce://".length()), 1);
                int dash = zone.lastIndexOf('-');
                return dash > 0 && zone.indexOf('-') < dash ? zone.substring(0, dash) : "";
            }
            default:
                return "";
        }
    }

    private static String segment(String path, int index) {
        String[] parts = path.split("/");
        int seen = 0;
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (seen++ == index) {
                return part;
            }
        }
        return "";
    }
}
