package io.github.energy4j.spi;

/**
 * ServiceLoader entry point for {@link WorkloadResolver}s. Same contract as {@link PowerSourceProvider}:
 * cheap constructor, {@link #probe(SourceContext)} never throws.
 */
public interface WorkloadResolverProvider {

    String id();

    int priority();

    Probe probe(SourceContext context);

    WorkloadResolver open(SourceContext context) throws EnergySourceException;
}
