package io.github.energy4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergyReading;
import io.github.energy4j.Provenance;
import io.github.energy4j.SourceStatus;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.micrometer.EnergyMetrics;
import io.github.energy4j.micrometer.EnergyObservationHandler;
import io.github.energy4j.spi.GridIntensity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The auto-configuration with Spring Boot's own metrics and observation auto-configurations, on this host's real
 * meter: which beans exist under which conditions, how {@code energy4j.*} binds, and that an observation made
 * through Boot's {@link ObservationRegistry} is counted in Boot's {@link MeterRegistry}.
 */
@ExtendWith(OutputCaptureExtension.class)
class EnergyAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withPropertyValues("energy4j.interval=100ms")
            .withConfiguration(AutoConfigurations.of(EnergyAutoConfiguration.class,
                    EnergyMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    ObservationAutoConfiguration.class));

    @Test
    void shouldCountAnObservationOfBootsRegistryInBootsMeterRegistryWithTheReadingsJoules() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(EnergyMeter.class).hasSingleBean(EnergyMetrics.class)
                    .hasSingleBean(EnergyObservationHandler.class);
            ObservationRegistry observations = context.getBean(ObservationRegistry.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            Observation heavy = Observation.createNotStarted("report", observations)
                    .lowCardinalityKeyValue("format", "pdf");
            heavy.observe(() -> burn(80));
            Observation light = Observation.createNotStarted("report", observations)
                    .lowCardinalityKeyValue("format", "csv");
            light.observe(() -> burn(20));

            EnergyReading h = heavy.getContext().get(EnergyReading.class);
            EnergyReading l = light.getContext().get(EnergyReading.class);
            assertThat(h).as("the handler is registered with Boot's ObservationRegistry").isNotNull();
            assertThat(h.source()).isNotEqualTo(Provenance.UNAVAILABLE);
            assertThat(h.cpuTime()).isBetween(Duration.ofMillis(78), Duration.ofMillis(130));
            assertThat(l.cpuTime()).isBetween(Duration.ofMillis(19), Duration.ofMillis(60));
            assertThat(h.joules() / l.joules()).as("four times the CPU").isBetween(2.5, 6.0);

            Counter pdf = registry.find("report.energy").tag("format", "pdf").counter();
            Counter csv = registry.find("report.energy").tag("format", "csv").counter();
            assertThat(pdf.count()).isEqualTo(h.joules());
            assertThat(csv.count()).isEqualTo(l.joules());
            assertThat(pdf.getId().getTag("provenance")).isEqualTo(h.source().toString());
        });
    }

    @Test
    void shouldBindTheBinderToBootsRegistryWithOneSeriesPerPrimaryZoneOfTheMeter() {
        runner.run(context -> {
            EnergyMeter meter = context.getBean(EnergyMeter.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Set<String> primary = new TreeSet<>();
            for (ZoneEnergy z : meter.snapshot().zones()) {
                if (z.primary()) {
                    primary.add(z.name());
                }
            }
            assertThat(primary).isNotEmpty();
            Set<String> process = new TreeSet<>();
            for (Meter m : registry.find("energy.process").meters()) {
                process.add(m.getId().getTag("zone"));
            }
            assertThat(process).isEqualTo(primary);
            assertThat(registry.find("energy.node").meters()).hasSize(primary.size());
            assertThat(registry.find("carbon.process").meters()).as("no carbon meters without a zone").isEmpty();
        });
    }

    @Test
    void shouldBindIntervalAndSourcesToTheMeter() {
        runner.withPropertyValues("energy4j.interval=250ms", "energy4j.sources=model").run(context -> {
            EnergyMeter meter = context.getBean(EnergyMeter.class);
            assertThat(meter.interval()).isEqualTo(Duration.ofMillis(250));
            List<String> selected = new ArrayList<>();
            for (SourceStatus s : meter.sources()) {
                if (s.selected()) {
                    selected.add(s.id());
                }
            }
            assertThat(selected).containsExactly("model");
            EnergyProperties p = context.getBean(EnergyProperties.class);
            assertThat(p.getSources()).containsExactly("model");
        });
    }

    @Test
    void shouldRefuseToStartWithAnIntervalOutsideItsRangeNamingTheProperty() {
        Map<String, String> bad = Map.of("0s", "PT0S", "5ms", "PT0.005S", "2h", "PT2H");
        bad.forEach((value, parsed) -> runner.withPropertyValues("energy4j.interval=" + value).run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("energy4j.interval must be between 10ms and 1h, was " + parsed
                            + " (write it as 500ms, 1s, 1m)");
        }));
    }

    @Test
    void shouldRefuseToStartWithASourceThatCannotBeUsedHere() {
        runner.withPropertyValues("energy4j.sources=nosuch").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nosuch");
        });
    }

    @Test
    void shouldBackOffForTheApplicationsOwnBeans() {
        runner.withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EnergyMeter.class)).isSameAs(context.getBean(OwnBeans.class).meter);
            assertThat(context.getBean(EnergyMeter.class).interval()).isEqualTo(Duration.ofMillis(300));
            assertThat(context).getBeanNames(EnergyMetrics.class).containsExactly("myMetrics");
            assertThat(context).getBeanNames(EnergyObservationHandler.class).containsExactly("myHandler");
            // the application's handler counts in its own registry, not in Boot's
            Observation.createNotStarted("own", context.getBean(ObservationRegistry.class)).observe(() -> burn(5));
            assertThat(context.getBean(OwnBeans.class).registry.find("own.energy").counter()).isNotNull();
            assertThat(context.getBean(MeterRegistry.class).find("own.energy").counter()).isNull();
        });
    }

    @Test
    void shouldCreateNothingWhenDisabled() {
        runner.withPropertyValues("energy4j.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(EnergyMeter.class)
                    .doesNotHaveBean(EnergyMetrics.class).doesNotHaveBean(EnergyObservationHandler.class);
            assertThat(context.getBean(MeterRegistry.class).find("energy.process").meters()).isEmpty();
        });
    }

    @Test
    void shouldTurnTheBinderAndTheHandlerOffOneByOne() {
        runner.withPropertyValues("energy4j.metrics.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(EnergyMeter.class).doesNotHaveBean(EnergyMetrics.class)
                    .hasSingleBean(EnergyObservationHandler.class);
            assertThat(context.getBean(MeterRegistry.class).find("energy.process").meters()).isEmpty();
        });
        runner.withPropertyValues("energy4j.observation.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(EnergyMeter.class).hasSingleBean(EnergyMetrics.class)
                    .doesNotHaveBean(EnergyObservationHandler.class);
            Observation.createNotStarted("off", context.getBean(ObservationRegistry.class)).observe(() -> burn(5));
            assertThat(context.getBean(MeterRegistry.class).find("off.energy").meters()).isEmpty();
        });
    }

    @Test
    void shouldOnlyMeterWithoutMicrometerOnTheClassPath() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EnergyAutoConfiguration.class,
                        EnergyMetricsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("io.micrometer"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EnergyMeter.class)
                            .doesNotHaveBean(EnergyMetrics.class).doesNotHaveBean(EnergyObservationHandler.class);
                });
    }

    @Test
    void shouldOnlyMeterWithoutAMeterRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EnergyAutoConfiguration.class,
                        EnergyMetricsAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EnergyMeter.class)
                            .doesNotHaveBean(EnergyMetrics.class).doesNotHaveBean(EnergyObservationHandler.class);
                });
    }

    @Test
    void shouldConvertToCarbonWithTheEmbeddedIntensityOfTheConfiguredZone() {
        runner.withPropertyValues("energy4j.carbon.zone=FR").run(context -> {
            GridIntensity grid = context.getBean(GridIntensity.class);
            double expected = CarbonIntensities.country("FR").gramsPerKwh(System.currentTimeMillis());
            assertThat(grid.gramsPerKwh(System.currentTimeMillis())).isEqualTo(expected).isPositive();
            assertThat(grid.provenance()).contains("FRA");
            EnergyMeter meter = context.getBean(EnergyMeter.class);
            assertThat(meter.snapshot().carbonProvenance()).isEqualTo(grid.provenance());
            assertThat(context.getBean(MeterRegistry.class).find("carbon.process").meters()).hasSize(1);
        });
        runner.withPropertyValues("energy4j.carbon.zone=aws:eu-west-1").run(context -> {
            double expected = CarbonIntensities.cloudRegion("aws:eu-west-1").gramsPerKwh(0);
            assertThat(context.getBean(GridIntensity.class).gramsPerKwh(0)).isEqualTo(expected);
        });
    }

    @Test
    void shouldRefuseAnUnknownCarbonZoneNamingThePropertyAndTheAcceptedForms() {
        runner.withPropertyValues("energy4j.carbon.zone=atlantis").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalArgumentException.class);
            Throwable t = context.getStartupFailure();
            while (t != null && !(t.getMessage() != null && t.getMessage().startsWith("energy4j.carbon.zone"))) {
                t = t.getCause();
            }
            assertThat(t).as("a cause naming the property").isNotNull();
            assertThat(t.getMessage()).contains("'atlantis'").contains("FR").contains("aws:eu-west-1");
        });
    }

    @Test
    void shouldWarnAndMeterWithoutCarbonWhenEnergyCarbonIsAbsent(CapturedOutput output) {
        runner.withPropertyValues("energy4j.carbon.zone=FR")
                .withClassLoader(new FilteredClassLoader("io.github.energy4j.carbon"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EnergyMeter.class)
                            .doesNotHaveBean(GridIntensity.class);
                    assertThat(context.getBean(EnergyMeter.class).snapshot().carbonProvenance()).isEmpty();
                    assertThat(context.getBean(MeterRegistry.class).find("carbon.process").meters()).isEmpty();
                });
        assertThat(output).contains("energy4j.carbon.zone=FR is set but energy-carbon is not on the class path")
                .contains("io.github.energy4j:energy-carbon");
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        final EnergyMeter meter = EnergyMeter.builder().interval(Duration.ofMillis(300)).build();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();

        @Bean(destroyMethod = "close")
        EnergyMeter myMeter() {
            return meter;
        }

        @Bean
        EnergyMetrics myMetrics() {
            return new EnergyMetrics(meter);
        }

        @Bean
        EnergyObservationHandler myHandler() {
            return new EnergyObservationHandler(meter, registry);
        }
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Burns {@code millis} of this thread's CPU time (not wall time). */
    static long burn(long millis) {
        long end = THREADS.getCurrentThreadCpuTime() + millis * 1_000_000;
        long x = 0;
        while (THREADS.getCurrentThreadCpuTime() < end) {
            x += Long.numberOfTrailingZeros(x * 31 + System.nanoTime());
        }
        return x;
    }
}
