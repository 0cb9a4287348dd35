package io.github.energy4j.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void shouldTellCarriersByClassAndTheProfilersThreadsByName() {
        assertEquals(ThreadCpu.CARRIER, ThreadCpu.kindOf("ForkJoinPool-1-worker-1", "jdk.internal.misc.CarrierThread"));
        assertEquals(ThreadCpu.APP, ThreadCpu.kindOf("ForkJoinPool-1-worker-1",
                "java.util.concurrent.ForkJoinWorkerThread"));
        assertEquals(ThreadCpu.PROFILER, ThreadCpu.kindOf("energy4j-profiler-jfr", "java.lang.Thread"));
        assertEquals(ThreadCpu.PROFILER, ThreadCpu.kindOf("JFR Periodic Tasks", "java.lang.Thread"));
        assertEquals(ThreadCpu.APP, ThreadCpu.kindOf("energy4j-sampler", "java.lang.Thread"));
        assertEquals(ThreadCpu.APP, ThreadCpu.kindOf("main", "java.lang.Thread"));
    }

    @Test
    void shouldRefuseNegativeCpuTime() {
        assertThrows(IllegalArgumentException.class, () -> new ThreadCpu().add(1, -1, ThreadCpu.APP));
    }
}
