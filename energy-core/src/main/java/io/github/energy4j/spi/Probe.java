package io.github.energy4j.spi;

import java.util.List;
import java.util.Objects;

/**
 * The answer of {@link PowerSourceProvider#probe(SourceContext)}: available with the zones it would
 * offer, or unavailable with a reason and the exact remedy.
 *
 * @param available whether {@link PowerSourceProvider#open(SourceContext)} is expected to succeed
 * @param reason    why not (empty when available); names the file, library or permission involved
 * @param remedy    what an operator does about it (empty when nothing can be done or nothing is needed)
 * @param zones     the zones that would be offered (empty when unavailable)
 */
public record Probe(boolean available, String reason, String remedy, List<Zone> zones) {

    public Probe {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(remedy, "remedy");
        zones = List.copyOf(zones);
    }

    public static Probe available(List<Zone> zones) {
        return new Probe(true, "", "", zones);
    }

    public static Probe unavailable(String reason, String remedy) {
        return new Probe(false, reason, remedy, List.of());
    }
}
