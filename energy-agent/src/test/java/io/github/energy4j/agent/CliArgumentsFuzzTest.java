package io.github.energy4j.agent;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes command-line handling the way {@code report} does it, up to the meter's builder: picocli's parse, the
 * duration converter and the checks of the values. Any argument list either gives settings or a
 * {@link UsageException} (one line on stderr, exit code 2); any other exception would reach the user as a stack
 * trace and exit code 1. Arguments are separated by NUL, which a real argv cannot contain. Replays
 * {@code CliArgumentsFuzzTestInputs/} unless {@code JAZZER_FUZZ=1} (see docs/RELIABILITY.md).
 */
class CliArgumentsFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void reportArguments(byte[] data) {
        List<String> argv = Arrays.asList(new String(data, StandardCharsets.UTF_8).split("\0", -1));
        try {
            Cli.parse(new ReportCommand(), argv).builder();
        } catch (UsageException e) {
            // the documented answer to a bad option
        }
    }
}
