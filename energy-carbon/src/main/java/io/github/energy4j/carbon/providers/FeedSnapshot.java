package io.github.energy4j.carbon.providers;

import io.github.energy4j.carbon.IntensityPoint;
import io.github.energy4j.carbon.IntensityProvenance;
import java.util.List;
import java.util.Objects;

/**
 * What one fetch returned: buckets of intensity and their provenance.
 *
 * @param points     buckets, at least one
 * @param provenance where they come from
 */
public record FeedSnapshot(List<IntensityPoint> points, IntensityProvenance provenance) {

    public FeedSnapshot {
        points = List.copyOf(points);
        Objects.requireNonNull(provenance, "provenance");
    }
}
