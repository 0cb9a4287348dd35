package io.github.energy4j.agent.extender;

/**
 * The grid zone a node draws power from, as the extender worked it out.
 *
 * @param node   node name
 * @param zone   zone id for the carbon data ({@code aws:eu-west-1}, {@code alibaba:cn-hangzhou}, {@code FR}), or
 *               empty when nothing told us
 * @param origin how it was found: {@code map}, {@code label}, {@code providerID}, {@code default}, {@code unknown}
 * @param reason why the zone is a guess or missing; empty when it was given
 */
public record NodeZone(String node, String zone, String origin, String reason) {

    /** True when neither the map, the labels nor the providerID named a zone. */
    public boolean unknown() {
        return zone.isEmpty() || origin.equals("default");
    }
}
