package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.IntensityProvenance;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What one fetch returned: buckets of intensity and their provenance.
 *
 * @param points         buckets, at least one
 * @param provenance     where they come from
 * @param estimatedNotes one entry per bucket: empty when the bucket is what the service reports for that time,
 *                       else why it is only an estimate (a forecast standing in for a figure not yet published)
 */
public record FeedSnapshot(List<IntensityPoint> points, IntensityProvenance provenance, List<String> estimatedNotes) {

    public FeedSnapshot {
        points = List.copyOf(points);
        Objects.requireNonNull(provenance, "provenance");
        estimatedNotes = estimatedNotes == null ? Collections.nCopies(points.size(), "") : List.copyOf(estimatedNotes);
        if (estimatedNotes.size() != points.size()) {
            throw new IllegalArgumentException(estimatedNotes.size() + " notes for " + points.size() + " points");
        }
    }

    /** A snapshot whose buckets are all what the service reports for their time. */
    public FeedSnapshot(List<IntensityPoint> points, IntensityProvenance provenance) {
        this(points, provenance, null);
    }

    /** The provenance of bucket {@code index}: {@link #provenance()}, flagged estimated when it has a note. */
    public IntensityProvenance provenanceAt(int index) {
        String note = estimatedNotes.get(index);
        return note.isEmpty() ? provenance : provenance.asEstimated(note);
    }
}
