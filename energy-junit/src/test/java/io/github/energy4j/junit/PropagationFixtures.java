package io.github.energy4j.junit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyScope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tests that hand CPU work to pool threads, for {@link EnergyExtensionTest}. */
class PropagationFixtures {

    @Fixture
    @MeterEnergy
    static class HandsWorkToAPool {

        private ExecutorService pool;

        @BeforeEach
        void open() {
            pool = Executors.newFixedThreadPool(2);
        }

        @AfterEach
        void close() {
            pool.shutdownNow();
        }

        /** The test's own scope, checked to be the one the extension opened for this test. */
        private static EnergyScope testScope(String method) {
            EnergyScope s = EnergyScope.current().orElseThrow(() -> new AssertionError("no current scope"));
            assertTrue(s.name().endsWith("$HandsWorkToAPool#" + method + "()"), s.name());
            return s;
        }

        @Test
        void propagatingExecutor() throws Exception {
            EnergyScope test = testScope("propagatingExecutor");
            ExecutorService propagating = EnergyScope.propagating(pool);
            propagating.submit(() -> {
                assertSame(test, EnergyScope.current().orElseThrow(), "the pool thread works for the test");
                Burn.cpu(150);
                return null;
            }).get();
        }

        @Test
        void completableFutureOnAPropagatingExecutor() {
            EnergyScope test = testScope("completableFutureOnAPropagatingExecutor");
            ExecutorService propagating = EnergyScope.propagating(pool);
            CompletableFuture.supplyAsync(() -> Burn.cpu(75), propagating)
                    .thenApplyAsync(x -> {
                        assertSame(test, EnergyScope.current().orElseThrow());
                        return Burn.cpu(75);
                    }, propagating)
                    .join();
        }

        @Test
        void wrappedTask() throws Exception {
            EnergyScope test = testScope("wrappedTask");
            pool.submit(test.wrap(() -> Burn.cpu(150))).get();
        }

        @Test
        void unwrappedTask() throws Exception {
            testScope("unwrappedTask");
            pool.submit(() -> {
                assertFalse(EnergyScope.current().isPresent(), "a plain pool thread works for no scope");
                return Burn.cpu(150);
            }).get();
        }
    }
}
