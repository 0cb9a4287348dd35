package io.github.energy4j.rapl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The permission remedy that {@code doctor} prints names the host rules the project ships in
 * {@code deploy/host}; it must quote them exactly, or an operator following it would grant a group the
 * non-root DaemonSet does not run in.
 */
class RemediesTest {

    /** {@code deploy/} of the source tree, seen from this module's directory (the tests' working directory). */
    private static final Path DEPLOY_HOST = Path.of("..", "deploy", "host");

    private static List<String> rules(String file) throws IOException {
        Path p = DEPLOY_HOST.resolve(file);
        assumeTrue(Files.isRegularFile(p), "not built inside the source tree: " + p.toAbsolutePath());
        return Files.readAllLines(p).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    @Test
    void shouldQuoteTheShippedUdevRuleAndTmpfilesLineExactly() throws IOException {
        assertEquals(List.of(Remedies.POWERCAP_UDEV_RULE), rules("99-energy4j-rapl.rules"));
        List<String> tmpfiles = rules("energy4j-rapl.conf");
        assertEquals(Remedies.POWERCAP_TMPFILES_LINE, tmpfiles.get(0).replaceAll("\\s+", " "));
        for (String line : tmpfiles) {
            assertTrue(line.matches("z /sys/class/powercap/\\S+/energy_uj\\s+0440 root " + Remedies.RAPL_GROUP + " -"),
                    line);
        }
        String remedy = Remedies.powercapDenied("/sys/class/powercap/intel-rapl:0/energy_uj");
        assertTrue(remedy.contains(Remedies.POWERCAP_UDEV_RULE), remedy);
        assertTrue(remedy.contains(Remedies.POWERCAP_TMPFILES_LINE), remedy);
    }

    @Test
    void shouldGrantTheGroupThatTheNonRootDaemonSetJoins() throws IOException {
        Path manifest = Path.of("..", "deploy", "kubernetes", "non-root", "run-as-non-root.yaml");
        assumeTrue(Files.isRegularFile(manifest), "not built inside the source tree");
        String yaml = Files.readString(manifest);
        assertTrue(yaml.contains("supplementalGroups: [" + Remedies.RAPL_GROUP + "]"), yaml);
        assertTrue(Remedies.powercapDenied("f").contains("supplementalGroups: [" + Remedies.RAPL_GROUP + "]"));
        assertTrue(Remedies.msrDenied("/dev/cpu/0/msr").contains("g:" + Remedies.RAPL_GROUP + ":r"));
    }
}
