package io.github.energy4j.spring;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.spi.GridIntensity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An {@link EnergyMeter} for this application, configured by {@link EnergyProperties} ({@code energy4j.*}) and
 * closed with the context. Declare an {@code EnergyMeter} bean of your own to replace it, and a
 * {@link GridIntensity} bean to give it another carbon intensity than {@code energy4j.carbon.zone}'s.
 * {@code energy4j.enabled=false} turns every energy4j bean off.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "energy4j", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(EnergyProperties.class)
public class EnergyAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EnergyAutoConfiguration.class);
    static final String CARBON_CLASS = "io.github.energy4j.carbon.CarbonIntensities";

    /**
     * This process's meter.
     *
     * @throws IllegalArgumentException (failing the start) when a source named in {@code energy4j.sources} cannot
     *                                  be used on this host, with its reason and remedy
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public EnergyMeter energyMeter(EnergyProperties properties, ObjectProvider<GridIntensity> gridIntensity) {
        return EnergyMeter.builder()
                .interval(properties.getInterval())
                .sources(properties.getSources().toArray(new String[0]))
                .gridIntensity(gridIntensity.getIfAvailable())
                .build();
    }

    /** {@code energy4j.carbon.zone} as the meter's grid intensity, when energy-carbon is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = CARBON_CLASS)
    @ConditionalOnProperty(prefix = "energy4j.carbon", name = "zone")
    static class CarbonConfiguration {

        /**
         * @throws IllegalArgumentException (failing the start) naming {@code energy4j.carbon.zone} and the accepted
         *                                  forms, for a zone not in energy-carbon's embedded data
         */
        @Bean
        @ConditionalOnMissingBean
        GridIntensity energyGridIntensity(EnergyProperties properties) {
            return CarbonZone.intensity(properties.getCarbon().getZone());
        }
    }

    /** {@code energy4j.carbon.zone} without energy-carbon: the meter runs without carbon figures, and says why. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass(CARBON_CLASS)
    @ConditionalOnProperty(prefix = "energy4j.carbon", name = "zone")
    static class NoCarbonConfiguration {

        NoCarbonConfiguration(EnergyProperties properties) {
            LOG.warn("energy4j.carbon.zone={} is set but energy-carbon is not on the class path: no carbon figures; "
                    + "add the dependency io.github.energy4j:energy-carbon", properties.getCarbon().getZone());
        }
    }
}
