package io.github.energy4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;

class LongIntHashMapTest {

    @RepeatedTest(20)
    void shouldBehaveLikeHashMapUnderRandomPutRemoveChurn() {
        Random r = new Random();
        long seed = r.nextLong();
        r.setSeed(seed);
        LongIntHashMap m = new LongIntHashMap(4, -1);
        Map<Long, Integer> ref = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            long k = r.nextInt(500);
            int op = r.nextInt(3);
            if (op == 0) {
                int v = r.nextInt(1000);
                assertEquals(ref.getOrDefault(k, -1).intValue(), m.put(k, v), "seed " + seed);
                ref.put(k, v);
            } else if (op == 1) {
                assertEquals(ref.getOrDefault(k, -1).intValue(), m.remove(k), "seed " + seed);
                ref.remove(k);
            } else {
                assertEquals(ref.getOrDefault(k, -1).intValue(), m.get(k), "seed " + seed);
            }
            assertEquals(ref.size(), m.size(), "seed " + seed);
        }
        for (long k = 0; k < 500; k++) {
            assertEquals(ref.getOrDefault(k, -1).intValue(), m.get(k), "seed " + seed);
        }
    }
}
