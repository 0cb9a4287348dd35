package io.github.energy4j.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.energy4j.EnergyScope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The README's example, run by {@link ReadmeExampleTest}. */
class ReadmeFixtures {

    @Fixture
    // --- README junit begins ---
    @MeterEnergy                                      // or @ExtendWith(EnergyExtension.class)
    static class CheckoutTest {

        @Test
        @EnergyBudget(joules = 50)                    // fails the test if it takes more (CPU + GPU joules)
        void shouldPriceACartOnFourThreads() throws Exception {
            ExecutorService pool = EnergyScope.propagating(Executors.newFixedThreadPool(4));
            try {
                List<Future<Long>> prices = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    prices.add(pool.submit(() -> price(250))); // charged to this test on the pool's threads
                }
                for (Future<Long> p : prices) {
                    assertEquals(25_000L, p.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }
    // --- README junit ends ---

    static long price(int items) {
        Burn.cpu(40);
        return 100L * items;
    }
}
