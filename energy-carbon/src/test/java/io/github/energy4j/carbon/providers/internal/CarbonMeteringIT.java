package io.github.energy4j.carbon.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergyScope;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.carbon.providers.ProviderConfig;
import io.github.energy4j.carbon.providers.Secret;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.CoreProviders;
import io.github.energy4j.testing.FakeProcfs;
import io.github.energy4j.testing.FileCounterProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core sampler metering with a live Electricity Maps figure from a loopback server: grams per zone and per
 * scope use it, and a fetch that hangs during an outage never holds up a sample.
 */
class CarbonMeteringIT {

    @TempDir
    Path tmp;

    private static double zoneGrams(EnergySnapshot s) {
        return zone(s).carbonGrams();
    }

    private static ZoneEnergy zone(EnergySnapshot s) {
        for (ZoneEnergy z : s.zones()) {
            if (z.name().equals("package-0")) {
                return z;
            }
        }
        throw new AssertionError("no package-0 zone in " + s.zones());
    }

    @Test
    void shouldMeterGramsWithTheLiveFigureAndKeepSamplingWhileAFetchHangs() throws Exception {
        Path proc = tmp.resolve("proc");
        Path sys = tmp.resolve("sys");
        FakeProcfs p = FakeProcfs.create(proc).process(5, "x", 0, 0, 1);
        FileCounterProvider.zone(sys, "package-0", Zone.Domain.PACKAGE, 1L << 40, 0);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        CountDownLatch release = new CountDownLatch(1);
        try (LoopbackServer server = new LoopbackServer()) {
            server.answer("/v3/carbon-intensity/latest", 200, "{\"zone\":\"FR\",\"carbonIntensity\":360,\"datetime\":\""
                    + hour + "\",\"emissionFactorType\":\"lifecycle\",\"isEstimated\":false}");
            IntensityFeed feed = new ElectricityMapsProvider().feed(ProviderConfig.builder().baseUri(server.base("/v3"))
                    .zone("FR").token(Secret.of("tok-for-the-test", "test")).requestTimeout(Duration.ofSeconds(60))
                    .build());
            LiveIntensity live = new LiveIntensity(feed, CarbonIntensities.country("FR"), 1.2, Duration.ofMinutes(5),
                    Duration.ofHours(6));
            assertTrue(live.refreshNow(), live.lastError().orElse(""));
            try (EnergyMeter m = EnergyMeter.builder().allProcesses(true).procfs(proc).sysfs(sys).workloadResolvers(false)
                    .interval(Duration.ofMillis(20)).idlePolicy(IdlePolicy.none()).gridIntensity(live)
                    .providers(List.of(new FileCounterProvider(), CoreProviders.cpuModel())).build()) {
                m.sampleNow();
                FileCounterProvider.energy(sys, "package-0", 10_000_000); // 10 J
                p.advanceCpu(1, 1);
                m.sampleNow();
                EnergySnapshot first = m.snapshot();
                // 10 J = 10 / 3.6e6 kWh, x PUE 1.2 x 360 g/kWh
                assertEquals(zone(first).joules() * 1.2 * 360 / 3.6e6, zoneGrams(first), 1e-12);
                assertEquals(10.0, zone(first).joules(), 1e-9, "the counter went from 0 to 10 J");
                assertTrue(first.carbonProvenance().contains("electricitymaps"), first.carbonProvenance());

                EnergyScope scope = m.scope("work");
                for (long end = System.nanoTime() + 50_000_000L; System.nanoTime() < end; ) {
                    // some CPU time of this thread for the scope to price
                }
                FileCounterProvider.energy(sys, "package-0", 20_000_000);
                p.advanceCpu(1, 1);
                m.sampleNow();
                scope.close();
                assertTrue(scope.joules() > 0, "scope joules " + scope.joules());
                // the scope's grams use the same figure: joules x PUE x g/kWh
                assertEquals(scope.joules() * 1.2 * 360 / 3.6e6, scope.carbonGrams(), 1e-12);

                // outage: the next fetch reaches the server and hangs there
                server.answerHeld("/v3/carbon-intensity/latest", release, "{}");
                Thread refresher = new Thread(live::refreshNow, "refresh-under-test");
                refresher.setDaemon(true);
                refresher.start();
                assertTrue(server.heldArrivals.tryAcquire(30, TimeUnit.SECONDS), "fetch never reached the server");
                double before = zoneGrams(m.snapshot());
                double joulesBefore = zone(m.snapshot()).joules();
                FileCounterProvider.energy(sys, "package-0", 30_000_000);
                p.advanceCpu(1, 1);
                assertTimeoutPreemptively(Duration.ofSeconds(10), m::sampleNow, "a sample waited for the fetch");
                EnergySnapshot during = m.snapshot();
                assertEquals(1, release.getCount(), "the fetch was still hanging during the sample");
                double addedJoules = zone(during).joules() - joulesBefore;
                assertEquals(10.0, addedJoules, 1e-9, "the sample counted the counter's 10 J");
                // the cached hour is still valid, so the live figure keeps being used
                assertEquals(addedJoules * 1.2 * 360 / 3.6e6, zoneGrams(during) - before, 1e-12);
            }
        } finally {
            release.countDown();
        }
    }
}
