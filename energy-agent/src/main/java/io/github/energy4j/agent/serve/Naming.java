package io.github.energy4j.agent.serve;

import java.util.Set;
import java.util.function.Consumer;

/** Maps an {@link ExportFrame} to series: Kepler's names or energy4j's Micrometer names. */
public interface Naming {

    /** Emits every series of the frame for the enabled levels. */
    void emit(ExportFrame frame, Set<MetricsLevel> levels, Consumer<Series> sink);

    /** {@code kepler} or {@code micrometer}. */
    static Naming of(String id) {
        switch (id) {
            case "kepler":
                return new KeplerNaming();
            case "micrometer":
                return new MicrometerNaming();
            default:
                throw new IllegalArgumentException("unknown naming '" + id + "' (allowed: micrometer, kepler)");
        }
    }
}
