package io.github.energy4j.agent;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes command-line handling the way {@code report} does it, up to the meter's builder: any argument
 * list either gives settings or a {@link UsageException} (one line on stderr, exit code 2). Any other
 * exception would reach the user as a stack trace and exit code 1. Arguments are separated by NUL,
 * which a real argv cannot contain. Replays {@code CliArgumentsFuzzTestInputs/} unless
 * {@code JAZZER_FUZZ=1} (see docs/RELIABILITY.md).
 */
class CliArgumentsFuzzTest {

    private static final Set<String> VALUED = new HashSet<>(HostOptions.VALUED);

    static {
        VALUED.addAll(Set.of("duration", "interval", "format", "top"));
    }

    @FuzzTest(maxDuration = "60s")
    void reportArguments(byte[] data) {
        List<String> argv = Arrays.asList(new String(data, StandardCharsets.UTF_8).split("\0", -1));
        try {
            Args a = Args.parse("report", argv, VALUED, Set.of("all-processes"));
            a.duration("duration", java.time.Duration.ofSeconds(10));
            a.duration("interval", java.time.Duration.ofSeconds(1));
            a.choice("format", "table", "table", "json", "markdown", "html");
            a.integer("top", 20, 1, 1_000_000);
            HostOptions.builder("report", a);
        } catch (UsageException e) {
            // the documented answer to a bad option
        }
    }
}
