package io.github.energy4j.carbon;

import java.util.Objects;

/**
 * Where an intensity figure comes from. Every carbon result carries one, so a report can say whether a
 * figure is a live grid value, a stale cache, an embedded yearly average or a last-resort world average.
 *
 * @param provider    provider id: {@code fixed}, {@code embedded}, {@code electricitymaps}, {@code watttime}, …
 * @param zone        the grid zone or region the figure is for ({@code FR}, {@code aws:us-east-1}, {@code CAISO_NORTH})
 * @param basis       average or marginal emissions
 * @param scope       lifecycle or direct emission factors
 * @param datasetYear the year the figure describes; 0 when live or unknown
 * @param estimated   true when the figure is a substitute: a fallback, a stale value, a world average
 * @param source      dataset or API the figure comes from (for attribution)
 * @param note        why the figure is estimated (error text, fallback reason); empty when not estimated
 */
public record IntensityProvenance(String provider, String zone, EmissionBasis basis, EmissionScope scope,
                                  int datasetYear, boolean estimated, String source, String note) {

    public IntensityProvenance {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(note, "note");
    }

    /** Provenance of a live (non-estimated) value from {@code provider} for {@code zone}. */
    public static IntensityProvenance live(String provider, String zone, EmissionBasis basis, EmissionScope scope,
                                           String source) {
        return new IntensityProvenance(provider, zone, basis, scope, 0, false, source, "");
    }

    /** This provenance marked estimated, with {@code reason} appended to the note. */
    public IntensityProvenance asEstimated(String reason) {
        String joined = note.isEmpty() ? reason : note + "; " + reason;
        return new IntensityProvenance(provider, zone, basis, scope, datasetYear, true, source, joined);
    }

    /** One line for reports and {@link io.github.energy4j.spi.GridIntensity#provenance()}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(128);
        sb.append(provider).append(" zone=").append(zone)
                .append(' ').append(basis).append(' ').append(scope);
        if (datasetYear > 0) {
            sb.append(" year=").append(datasetYear);
        }
        // "measured" belongs to energy; an intensity is the source's own figure or a substitute for it
        sb.append(estimated ? " estimated" : " published");
        if (!note.isEmpty()) {
            sb.append(" (").append(note).append(')');
        }
        return sb.toString();
    }
}
