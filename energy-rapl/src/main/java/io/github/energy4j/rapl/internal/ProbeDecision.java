package io.github.energy4j.rapl.internal;

import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.Zone;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides availability from one trial read of every zone's counter. Pure: the outcomes come from the
 * I/O layer or, in tests, are given directly (a root-run test cannot make the kernel say EACCES).
 *
 * <p>Rules: any refused read makes the source unavailable with the permission remedy, because a
 * half-readable RAPL would under-count silently; no readable zone at all makes it unavailable with the
 * error of the first zone; otherwise it is available with every zone, and a zone whose trial read
 * failed keeps reporting {@code UNAVAILABLE} (never 0) until it recovers.
 */
public final class ProbeDecision {

    /** The trial read of one zone. */
    public record ZoneCheck(Zone zone, String file, ReadOutcome outcome, String detail) {
    }

    /** The remedies of one source kind. */
    public interface RemedyText {
        String denied(String file);

        String missing(String file);

        String broken(String file);
    }

    /**
     * The decision.
     *
     * @param available whether to open
     * @param reason    exception reason when not available
     * @param text      why not, or (when available) notes about skipped or failing zones, possibly empty
     * @param remedy    what to do, empty when available
     * @param zones     zones to offer (all checked zones when available)
     */
    public record Decision(boolean available, EnergySourceException.Reason reason, String text, String remedy,
                           List<Zone> zones) {

        /** As a {@link Probe}; notes of an available source travel in {@code reason} for doctor output. */
        public Probe toProbe() {
            return available ? new Probe(true, text, "", zones) : Probe.unavailable(text, remedy);
        }

        /** As the exception {@code open} throws when not available. */
        public EnergySourceException toException() {
            return new EnergySourceException(reason, text, remedy);
        }
    }

    private ProbeDecision() {
    }

    /** An unavailable decision for a source that found nothing to check. */
    public static Decision unavailable(EnergySourceException.Reason reason, String text, String remedy) {
        return new Decision(false, reason, text, remedy, List.of());
    }

    /**
     * Decides.
     *
     * @param source short source name for messages ({@code RAPL powercap})
     * @param checks one per zone, in zone order
     * @param notes  zones left out earlier (duplicates, disabled) with why
     */
    public static Decision decide(String source, List<ZoneCheck> checks, List<String> notes, RemedyText remedies) {
        if (checks.isEmpty()) {
            return unavailable(EnergySourceException.Reason.NOT_SUPPORTED,
                    source + ": no zone to offer" + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"),
                    remedies.missing(""));
        }
        ZoneCheck firstDenied = null;
        ZoneCheck firstFailed = null;
        int ok = 0;
        for (ZoneCheck c : checks) {
            if (c.outcome() == ReadOutcome.OK) {
                ok++;
            } else if (c.outcome() == ReadOutcome.DENIED) {
                if (firstDenied == null) {
                    firstDenied = c;
                }
            } else if (firstFailed == null) {
                firstFailed = c;
            }
        }
        if (firstDenied != null) {
            return unavailable(EnergySourceException.Reason.PERMISSION_DENIED,
                    source + ": cannot read " + firstDenied.file() + " (" + firstDenied.detail() + "); "
                            + (checks.size() - ok) + " of " + checks.size() + " counters unreadable",
                    remedies.denied(firstDenied.file()));
        }
        if (ok == 0) {
            boolean missing = firstFailed.outcome() == ReadOutcome.MISSING;
            return unavailable(missing ? EnergySourceException.Reason.NOT_SUPPORTED
                            : EnergySourceException.Reason.DEVICE_ERROR,
                    source + ": cannot read " + firstFailed.file() + " (" + firstFailed.detail() + ")",
                    missing ? remedies.missing(firstFailed.file()) : remedies.broken(firstFailed.file()));
        }
        List<Zone> zones = new ArrayList<>(checks.size());
        List<String> all = new ArrayList<>(notes);
        for (ZoneCheck c : checks) {
            zones.add(c.zone());
            if (c.outcome() != ReadOutcome.OK) {
                all.add(c.zone().name() + ": " + c.file() + " unreadable (" + c.detail()
                        + "); reported as unavailable until it recovers");
            }
        }
        return new Decision(true, null, String.join("; ", all), "", List.copyOf(zones));
    }
}
