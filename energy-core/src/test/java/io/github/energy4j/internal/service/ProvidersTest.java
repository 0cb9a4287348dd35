package io.github.energy4j.internal.service;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.model.CpuPowerModelProvider;
import io.github.energy4j.spi.PowerSourceProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersTest {

    @TempDir
    Path tmp;

    @Test
    void shouldSkipARegistrationThatCannotLoadAndKeepTheOthersByPriority() throws Exception {
        Path services = Files.createDirectories(tmp.resolve("META-INF/services"));
        Files.writeString(services.resolve(PowerSourceProvider.class.getName()), "com.example.DoesNotExist\n");
        try (URLClassLoader plugin = new URLClassLoader(new URL[] {tmp.toUri().toURL()},
                ProvidersTest.class.getClassLoader())) {
            List<PowerSourceProvider> all = Providers.all(ServiceLoader.load(PowerSourceProvider.class, plugin),
                    PowerSourceProvider::priority, "power source provider");
            assertTrue(all.stream().anyMatch(p -> p instanceof CpuPowerModelProvider),
                    "the model is still found beside the broken registration: " + all);
            for (int i = 1; i < all.size(); i++) {
                assertTrue(all.get(i - 1).priority() >= all.get(i).priority(), "highest priority first: " + all);
            }
        }
    }

    @Test
    void shouldUseTheThreadsContextLoaderAndFallBackToTheServiceTypesOwn() throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (URLClassLoader plugin = new URLClassLoader(new URL[0], before)) {
            t.setContextClassLoader(plugin);
            assertSame(plugin, Providers.loaderFor(PowerSourceProvider.class));
            t.setContextClassLoader(null);
            assertSame(PowerSourceProvider.class.getClassLoader(), Providers.loaderFor(PowerSourceProvider.class));
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
