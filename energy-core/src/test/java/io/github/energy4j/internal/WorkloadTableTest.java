package io.github.energy4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.energy4j.spi.Workload;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadTableTest {

    private static Workload container(String id) {
        return new Workload(id, "container", "containerd", "", Map.of("container", "c-" + id));
    }

    @Test
    void shouldReuseTheIndexOfARetiredWorkloadUnderANewGeneration() {
        WorkloadTable t = new WorkloadTable();
        AttributionEngine engine = new AttributionEngine(1, new boolean[] {true}, 2, 16);
        Workload a = container("a");
        Workload b = container("b");
        assertEquals(0, t.indexOf(a));
        assertEquals(1, t.indexOf(b));
        assertEquals(0, t.indexOf(container("a")), "the same id keeps its index");
        assertEquals(1, t.generation(0));

        // b's process stays; a is seen once and then gone for longer than the retention (2 intervals)
        for (int i = 0; i < 5; i++) {
            engine.beginInterval();
            int slot = engine.observe(100, 1, 10L * i);
            if (engine.isNew(slot)) {
                engine.identify(slot, "b", 1);
            }
            if (i == 0) {
                int sa = engine.observe(200, 1, 0);
                engine.identify(sa, "a", 0);
            }
            engine.zoneEnergy(0, 10, 0);
            engine.endInterval(10, Double.NaN);
            t.retire(engine, 2);
        }
        assertNull(t.get(0), "a retired");
        assertSame(b, t.get(1), "b still seen");
        assertEquals(1, t.size());
        Workload c = container("c");
        assertEquals(0, t.indexOf(c), "the freed index is reused");
        assertEquals(2, t.generation(0), "under a new generation");
        assertEquals(2, t.limit());
    }
}
