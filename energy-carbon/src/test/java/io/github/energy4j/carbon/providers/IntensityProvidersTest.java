package io.github.energy4j.carbon.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntensityProvidersTest {

    private static final String SERVICES = "META-INF/services/" + IntensityProvider.class.getName();

    /** A loader over {@code dir}, whose services file registers {@code lines}, in front of this test's loader. */
    private static URLClassLoader loaderRegistering(Path dir, String... lines) throws IOException {
        Path f = dir.resolve(SERVICES);
        Files.createDirectories(f.getParent());
        Files.writeString(f, String.join("\n", lines) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, IntensityProvidersTest.class.getClassLoader());
    }

    private static <T> T withContextLoader(ClassLoader loader, Callable<T> action) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader was = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return action.call();
        } finally {
            t.setContextClassLoader(was);
        }
    }

    private static List<String> ids(List<IntensityProvider> providers) {
        return providers.stream().map(IntensityProvider::id).toList();
    }

    @Test
    void shouldNotSeeTheTestProviderWithoutItsRegistration() {
        assertFalse(ids(IntensityProviders.all()).contains("context-only"));
    }

    @Test
    void shouldFindAProviderRegisteredOnlyThroughTheContextClassLoader(@TempDir Path dir) throws Exception {
        try (URLClassLoader loader = loaderRegistering(dir, ContextOnlyProvider.class.getName())) {
            List<String> ids = withContextLoader(loader, () -> ids(IntensityProviders.all()));
            assertEquals("context-only", ids.get(0), "highest priority first: " + ids);
            assertTrue(ids.containsAll(List.of("fixed", "embedded")), "the built-in providers too: " + ids);
            assertEquals("context-only", withContextLoader(loader,
                    () -> IntensityProviders.find("Context-Only").orElseThrow().id()));
        }
    }

    @Test
    void shouldSkipABrokenRegistrationAndKeepTheOthers(@TempDir Path dir) throws Exception {
        try (URLClassLoader loader = loaderRegistering(dir, "io.github.energy4j.carbon.providers.NoSuchProvider",
                ContextOnlyProvider.class.getName())) {
            List<String> ids = withContextLoader(loader, () -> ids(IntensityProviders.all()));
            assertTrue(ids.contains("context-only"), ids.toString());
            assertTrue(ids.contains("embedded"), ids.toString());
        }
    }

    @Test
    void shouldFallBackToItsOwnLoaderWithoutAContextClassLoader() throws Exception {
        List<String> ids = withContextLoader(null, () -> ids(IntensityProviders.all()));
        assertEquals(List.of("fixed", "csv", "electricitymaps", "watttime", "carbon-aware-sdk", "ukgrid", "embedded"),
                ids);
    }
}
