package io.github.energy4j;

import io.github.energy4j.spi.Zone;
import java.util.List;

/**
 * What the meter found about one provider: for {@code energy4j doctor} and reports.
 *
 * @param id          provider id
 * @param group       zone group it competes in
 * @param priority    higher wins within a group
 * @param description what it reads
 * @param available   whether its probe succeeded
 * @param selected    whether the meter uses it
 * @param reason      why it is unavailable or not selected (empty when selected)
 * @param remedy      how to make it available (empty when nothing to do)
 * @param zones       zones it offers (empty when unavailable)
 */
public record SourceStatus(String id, Zone.Group group, int priority, String description, boolean available,
                           boolean selected, String reason, String remedy, List<Zone> zones) {
    public SourceStatus {
        zones = List.copyOf(zones);
    }
}
