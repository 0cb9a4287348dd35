package io.github.energy4j.spi;

/**
 * Service-provider interface for power sources, discovered with {@link java.util.ServiceLoader}
 * (register in {@code META-INF/services/io.github.energy4j.spi.PowerSourceProvider}).
 *
 * <p>Life cycle, as in SLF4J's two-step start: the constructor is cheap and side-effect free;
 * {@link #probe(SourceContext)} looks without touching hardware state and never throws;
 * {@link #open(SourceContext)} does the heavy work. For each {@link Zone.Group} the available
 * provider with the highest {@link #priority()} wins, unless the user forces a provider id.
 */
public interface PowerSourceProvider {

    /** Stable id used on the command line and in reports: {@code rapl}, {@code nvml}, {@code model}. */
    String id();

    /** Which group of zones this provider offers. */
    Zone.Group group();

    /** Higher wins within a group. Sensors use 100 and above, models below 10. */
    int priority();

    /** One line for {@code energy4j doctor}: what this provider reads. */
    String description();

    /** Checks availability. Never throws; a failure is an unavailable {@link Probe} with a remedy. */
    Probe probe(SourceContext context);

    /**
     * Opens the source.
     *
     * @throws EnergySourceException with a reason and a remedy when the source cannot be opened
     */
    PowerSource open(SourceContext context) throws EnergySourceException;
}
