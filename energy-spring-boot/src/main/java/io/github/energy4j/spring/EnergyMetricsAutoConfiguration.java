package io.github.energy4j.spring;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.micrometer.EnergyMetrics;
import io.github.energy4j.micrometer.EnergyObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's {@link EnergyMeter} in its {@link MeterRegistry}: {@link EnergyMetrics} as a
 * {@code MeterBinder} bean (Spring Boot binds it to every registry: {@code energy.process}, {@code energy.node}, ...)
 * and an {@link EnergyObservationHandler} bean (Spring Boot registers it with its {@code ObservationRegistry}, so
 * every observation, {@code http.server.requests} included, gets a {@code <name>.energy} counter).
 *
 * <p>Active when Micrometer is on the class path and the application has a {@code MeterRegistry} (Spring Boot's
 * actuator makes one). Boot's registry auto-configurations are named, not referenced, so that both Spring Boot 3
 * ({@code org.springframework.boot.actuate.autoconfigure.metrics}) and 4
 * ({@code org.springframework.boot.micrometer.metrics.autoconfigure}) order this one after them. Each bean backs
 * off when the application declares its own; {@code energy4j.metrics.enabled=false} and
 * {@code energy4j.observation.enabled=false} turn them off.
 */
@AutoConfiguration(after = EnergyAutoConfiguration.class, afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean({EnergyMeter.class, MeterRegistry.class})
public class EnergyMetricsAutoConfiguration {

    /** This JVM's and the node's energy per zone; its meters leave the registries when the context closes. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "energy4j.metrics", name = "enabled", havingValue = "true", matchIfMissing = true)
    public EnergyMetrics energyMetrics(EnergyMeter meter) {
        return new EnergyMetrics(meter);
    }

    /** The per-observation counters, when Micrometer's Observation API is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.observation.ObservationHandler")
    @ConditionalOnProperty(prefix = "energy4j.observation", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    static class ObservationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        EnergyObservationHandler energyObservationHandler(EnergyMeter meter, MeterRegistry registry) {
            return new EnergyObservationHandler(meter, registry);
        }
    }
}
