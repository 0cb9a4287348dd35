package io.github.energy4j.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServeParsersTest {

    @Test
    void shouldAcceptHashedAndPlainUsersAndRejectOthers() {
        BasicAuthFile f = BasicAuthFile.parse(List.of("# comment", "",
                "a:sha256:2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b", "b:plain:pa:ss"));
        assertEquals(2, f.users());
        assertTrue(f.check("a", "secret"));
        assertFalse(f.check("a", "Secret"));
        assertTrue(f.check("b", "pa:ss"));
        assertFalse(f.check("c", "pa:ss"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BasicAuthFile.parse(List.of("ok:plain:x", "bad:md5:hunter2")));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), "never echo a secret");
    }

    @Test
    void shouldRequireAnExplicitListenHost() {
        assertEquals(new ListenAddress("0.0.0.0", 28282), ListenAddress.parse("0.0.0.0:28282"));
        assertEquals(new ListenAddress("::1", 9), ListenAddress.parse("[::1]:9"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse(":28282"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("127.0.0.1:70000"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("127.0.0.1"));
    }

    @Test
    void shouldParseLevels() {
        assertEquals(EnumSet.of(MetricsLevel.NODE, MetricsLevel.PROCESS), MetricsLevel.parse("process, node"));
        assertEquals(EnumSet.of(MetricsLevel.NODE, MetricsLevel.VM), MetricsLevel.parse("node,VM"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsLevel.parse("node,gpu"));
        assertEquals("unknown metrics level 'gpu' (allowed: node, container, pod, process, vm)", e.getMessage());
        assertEquals(EnumSet.allOf(MetricsLevel.class), MetricsLevel.defaultFor("kepler"),
                "Kepler's default: every level");
        assertEquals(EnumSet.of(MetricsLevel.NODE, MetricsLevel.CONTAINER, MetricsLevel.POD),
                MetricsLevel.defaultFor("micrometer"));
    }
}
