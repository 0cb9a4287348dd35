package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The one duration syntax of the command line: what it takes and what it refuses. */
class DurationConverterTest {

    @ParameterizedTest
    @CsvSource({
        "200ms, PT0.2S", "500ms, PT0.5S", "1.5ms, PT0.0015S", "10s, PT10S", "0.5s, PT0.5S", ".5s, PT0.5S",
        "1.5s, PT1.5S", "0s, PT0S", "5m, PT5M", "90m, PT1H30M", "2h, PT2H", "1.5h, PT1H30M", "30d, PT720H",
        "1d, PT24H", "4w, PT672H", "10, PT10S", "0.25, PT0.25S", "PT10S, PT10S", "pt1m30s, PT1M30S",
        "P1D, PT24H", "PT0.003S, PT0.003S", "' 10S ', PT10S", "2H, PT2H", "1000000h, PT1000000H"})
    void shouldTakeANumberWithAUnitABareNumberOfSecondsOrIso8601(String text, String expected) {
        assertEquals(Duration.parse(expected), DurationConverter.parse(text));
        assertEquals(Duration.parse(expected), new DurationConverter().convert(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "banana", "soon", "-5ms", "-1s", "-10", "PT-0.003S", "P-1D", "10x", "2y", "s",
        "ms", "1e3s", "10f", "10d5", "0x10s", "NaN", "Infinity", "1,5s", "1 s", "1s2", "--1s", "+1s", "10 min",
        "PT", "P1Y", "99999999999999999w", "P999999999999D"})
    void shouldRefuseAnythingElseSayingWhatADurationLooksLike(String text) {
        assertEquals("'" + text + "' is not a duration (e.g. 500ms, 10s, 5m, 1h, 30d or PT10S)",
                assertThrows(IllegalArgumentException.class, () -> DurationConverter.parse(text)).getMessage());
        assertEquals("'" + text + "' is not a duration (e.g. 500ms, 10s, 5m, 1h, 30d or PT10S)",
                assertThrows(CommandLine.TypeConversionException.class, () -> new DurationConverter().convert(text))
                        .getMessage());
    }
}
