package io.github.energy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Embedding in an application" section, compiled and run; {@link #shouldMatchTheReadme()} fails
 * when the README's code and the code between the markers here drift apart.
 */
class EmbeddingGuideTest {

    @TempDir
    Path tmp;

    record Order(int items) {
    }

    @Test
    void shouldRunThePropagationExample() throws Exception {
        Order order = new Order(3);
        ExecutorService plainPool = Executors.newSingleThreadExecutor();
        long total;
        EnergyScope scope;
        try (EnergyMeter meter = EnergyMeter.create()) {
            // --- README embedding begins ---
            ExecutorService pool = EnergyScope.propagating(Executors.newFixedThreadPool(4));
            try (EnergyScope s = meter.scope("order")) {
                Future<?> audit = plainPool.submit(s.wrap(() -> audit(order)));       // one task, on any executor
                CompletableFuture<Long> price = CompletableFuture
                        .supplyAsync(() -> price(order), pool)                        // runs for s: submitted inside it
                        .thenApplyAsync(p -> p + shipping(order), pool);             // later stages stay with s
                total = price.join();
                audit.get();                                                         // wait before closing
                // --- README embedding pauses ---
                scope = s;
                // --- README embedding resumes ---
            }
            EnergyMeter.Measured<Long> m = meter.call("price", () -> price(order));  // value and reading
            // --- README embedding ends ---
            pool.shutdown();
            assertEquals(price(order), m.value());
            assertTrue(m.reading().cpuTime().toMillis() >= 25, m.reading().toString());
        } finally {
            plainPool.shutdown();
        }
        assertEquals(price(order) + shipping(order), total);
        // audit 30 ms + price 30 ms + shipping 30 ms, each on a pool thread; the caller only waits
        assertTrue(scope.cpuTime().toMillis() >= 85, "every stage is the scope's: " + scope.cpuTime());
        assertNotEquals(Provenance.UNAVAILABLE, scope.source());
        assertTrue(scope.joules() > 0);
    }

    @Test
    void shouldRefuseAForcedSourceThatThisHostLacksWithItsReason() {
        // a sysfs root without powercap: what a VM or a laptop without RAPL access looks like
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnergyMeter.builder().sysfs(tmp).sources("model", "nosuch").build());
        assertTrue(e.getMessage().contains("nosuch"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EnergyMeter.builder().sysfs(tmp).providers(List.of(new io.github.energy4j.testing
                        .FileCounterProvider())).sources("test-counter").build());
        assertTrue(e.getMessage().startsWith("sources: source 'test-counter' cannot be used on this host: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("remedy: create it"), e.getMessage());
    }

    @Test
    void shouldMatchTheReadme() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## Embedding in an application"));
        int from = section.indexOf("```java\nExecutorService pool");
        String block = section.substring(from + "```java\n".length(), section.indexOf("```", from + 7));
        String test = Files.readString(Path.of("src/test/java/io/github/energy4j/EmbeddingGuideTest.java"));
        String code = test.substring(test.indexOf("// --- README embedding begins ---"),
                test.indexOf("// --- README embedding ends ---"));
        List<String> lines = new ArrayList<>();
        boolean paused = false;
        for (String line : code.split("\n", -1)) {
            if (line.contains("README embedding pauses")) {
                paused = true;
            } else if (line.contains("README embedding resumes")) {
                paused = false;
            } else if (!paused && !line.contains("README embedding begins")) {
                lines.add(line);
            }
        }
        int indent = lines.get(0).length() - lines.get(0).stripLeading().length();
        StringBuilder expected = new StringBuilder();
        for (String line : lines) {
            if (!line.isBlank()) {
                expected.append(line.substring(Math.min(indent, line.length() - line.stripLeading().length())));
                expected.append('\n');
            }
        }
        assertEquals(expected.toString().strip(), block.strip());
    }

    private static long price(Order o) {
        EnergyMeterTest.burn(30);
        return 100L * o.items();
    }

    private static long shipping(Order o) {
        EnergyMeterTest.burn(30);
        return 5L;
    }

    private static void audit(Order o) {
        EnergyMeterTest.burn(30);
    }
}
