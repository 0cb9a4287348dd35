package io.github.energy4j.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.energy4j.testing.FakeProcfs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerNamesTest {

    @TempDir
    Path tmp;

    private static String parse(String environ) {
        byte[] b = environ.getBytes(StandardCharsets.UTF_8);
        return ContainerNames.fromEnviron(b, b.length);
    }

    @Test
    void shouldTakeTheFirstHostnameOrContainerNameVariableAsKeplerDoes() {
        assertEquals("web-1", parse("PATH=/bin\0HOSTNAME=web-1\0CONTAINER_NAME=other\0"));
        assertEquals("other", parse("CONTAINER_NAME=other\0HOSTNAME=web-1\0"));
        assertEquals("a=b", parse("HOSTNAME=a=b"), "the value is everything after the first '=', last entry unended");
        assertEquals("", parse("MYHOSTNAME=x\0HOSTNAMES=y\0"), "whole names only");
        assertEquals("", parse(""));
        assertEquals("", parse("HOSTNAME=\0CONTAINER_NAME=late\0"), "an empty HOSTNAME is the answer, as in Kepler");
    }

    @Test
    void shouldTryAnotherProcessWhenTheEnvironmentCannotBeReadThenGiveUp() throws Exception {
        FakeProcfs.create(tmp).process(300, "a", 1, 0, 5).process(301, "b", 1, 0, 6);
        Files.write(tmp.resolve("301/environ"), "HOSTNAME=c0ffee\0".getBytes(StandardCharsets.UTF_8));
        ContainerNames names = new ContainerNames(tmp);
        assertEquals("", names.of("c1", 300), "300 has no environ file");
        assertEquals("c0ffee", names.of("c1", 301));
        assertEquals("c0ffee", names.of("c1", 300), "known from now on");
        assertEquals(2, names.reads());

        for (int i = 0; i < 5; i++) {
            assertEquals("", names.of("c2", 999));
        }
        assertEquals(2 + ContainerNames.MAX_TRIES, names.reads(), "an unreadable container is given up on");
        assertEquals("", names.of("c3", 0), "no process known");
        assertEquals(2 + ContainerNames.MAX_TRIES, names.reads());
        assertEquals("", ContainerNames.NONE.of("c1", 301));
    }
}
