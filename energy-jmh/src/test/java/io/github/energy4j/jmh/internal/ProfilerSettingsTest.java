package io.github.energy4j.jmh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.IdlePolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.ProfilerException;

class ProfilerSettingsTest {

    @Test
    void shouldUseTheDefaultsWithoutOptions() throws ProfilerException {
        for (String none : new String[] {null, "", "  "}) {
            ProfilerSettings s = ProfilerSettings.parse(none);
            assertEquals(List.of(), s.sources());
            assertEquals(IdlePolicy.auto(), s.idle());
            assertEquals(Duration.ofSeconds(1), s.interval());
            assertEquals(Duration.ofSeconds(1), s.calibration());
            assertEquals(EnergyUnit.J, s.unit());
        }
    }

    @Test
    void shouldParseEveryOption() throws ProfilerException {
        ProfilerSettings s = ProfilerSettings.parse("sources=rapl,model;idle=12.5;interval=250;calibration=0;unit=nJ");

        assertEquals(List.of("rapl", "model"), s.sources());
        assertEquals(IdlePolicy.fixedWatts(12.5), s.idle());
        assertEquals(Duration.ofMillis(250), s.interval());
        assertEquals(Duration.ZERO, s.calibration());
        assertEquals(EnergyUnit.nJ, s.unit());
    }

    @Test
    void shouldRefuseAnUnknownIdlePolicyNamingTheAllowedValues() {
        ProfilerException e = assertThrows(ProfilerException.class, () -> ProfilerSettings.parse("idle=lukewarm"));
        assertTrue(e.getMessage().startsWith("idle: ") && e.getMessage().contains("none, min-observed, auto"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAnIntervalOutsideItsRange() {
        ProfilerException e = assertThrows(ProfilerException.class, () -> ProfilerSettings.parse("interval=5"));
        assertEquals("interval must be between 10 and 3600000 ms, was 5", e.getMessage());
    }

    @Test
    void shouldRefuseANegativeCalibration() {
        ProfilerException e = assertThrows(ProfilerException.class,
                () -> ProfilerSettings.parse("calibration=-1"));
        assertEquals("calibration must be between 0 and 60000 ms, was -1", e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownUnitNamingTheAllowedOnes() {
        ProfilerException e = assertThrows(ProfilerException.class, () -> ProfilerSettings.parse("unit=MJ"));
        assertEquals("unit: unknown energy unit 'MJ'; use one of J, mJ, uJ, nJ", e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownOptionWithTheHelp() {
        ProfilerException e = assertThrows(ProfilerException.class, () -> ProfilerSettings.parse("colour=red"));
        assertTrue(e.getMessage().contains("colour") && e.getMessage().contains("calibration"), e.getMessage());
    }

    @Test
    void shouldRefuseAnEmptySourceId() {
        for (String line : List.of("sources=rapl,,model", "sources=")) {
            ProfilerException e = assertThrows(ProfilerException.class, () -> ProfilerSettings.parse(line));
            assertTrue(e.getMessage().startsWith("sources: an empty source id"), e.getMessage());
        }
    }

    @Test
    void shouldAnswerHelpWithEveryOption() {
        ProfilerException e = assertThrows(ProfilerException.class, () -> ProfilerSettings.parse("help"));
        for (String option : List.of("sources", "idle", "interval", "calibration", "unit")) {
            assertTrue(e.getMessage().contains(option), option + " missing from " + e.getMessage());
        }
    }

    @Test
    void shouldShareAMeterBetweenSettingsThatMeterAlike() throws ProfilerException {
        assertEquals(ProfilerSettings.parse("idle=12.5;unit=nJ").meterKey(),
                ProfilerSettings.parse("idle=12.5").meterKey());
        assertNotEquals(ProfilerSettings.parse("idle=12.5").meterKey(), ProfilerSettings.parse("idle=10").meterKey());
    }
}
