package io.github.energy4j.junit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** A class whose tests run at the same time on several threads, for {@link ClassEnergyTest}. */
class ParallelFixtures {

    /** Threads the concurrent tests ran on. */
    static final Set<String> THREADS = ConcurrentHashMap.newKeySet();

    /** The first four tests wait for each other, so at least four run at once. */
    static volatile CountDownLatch together = new CountDownLatch(4);

    static void burnTogether(long millis) throws InterruptedException {
        THREADS.add(Thread.currentThread().getName());
        together.countDown();
        assertTrue(together.await(30, TimeUnit.SECONDS), "four tests never ran at the same time");
        Burn.cpu(millis);
    }

    @Fixture
    @MeterEnergy
    @Execution(ExecutionMode.CONCURRENT)
    static class Concurrent {

        @Test
        void a() throws InterruptedException {
            burnTogether(100);
        }

        @Test
        void b() throws InterruptedException {
            burnTogether(100);
        }

        @Test
        void c() throws InterruptedException {
            burnTogether(100);
        }

        @Test
        void d() throws InterruptedException {
            burnTogether(100);
        }

        @Test
        void e() throws InterruptedException {
            burnTogether(60);
        }

        @Test
        void f() throws InterruptedException {
            burnTogether(60);
        }

        @Test
        void g() throws InterruptedException {
            burnTogether(60);
        }

        @Test
        void h() throws InterruptedException {
            burnTogether(60);
        }
    }

    @Fixture
    @MeterEnergy
    static class WithNested {

        @Test
        void outer() {
            Burn.cpu(30);
        }

        @Nested
        class Inner {

            @Test
            void inner40() {
                Burn.cpu(40);
            }

            @Test
            void inner20() {
                Burn.cpu(20);
            }
        }
    }
}
