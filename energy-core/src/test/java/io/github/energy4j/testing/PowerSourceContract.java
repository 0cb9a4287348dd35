package io.github.energy4j.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link PowerSourceProvider} honours. Each implementation's test extends this
 * class and supplies a fake host where the source is available and one where it is not.
 */
public abstract class PowerSourceContract {

    @TempDir
    protected Path tmp;

    /** A fresh provider instance. */
    protected abstract PowerSourceProvider provider();

    /** A context over a fake (or stand-in) host where the source is available. */
    protected abstract SourceContext availableHost(Path dir) throws Exception;

    /** A context over a fake host where the source is not available (e.g. empty roots). */
    protected SourceContext unavailableHost(Path dir) throws Exception {
        return SourceContext.of(dir.resolve("proc"), dir.resolve("sys"))
                .with("nvml.library", dir.resolve("missing-libnvidia-ml.so").toString());
    }

    @Test
    void shouldHaveStableLowerCaseIdAndDescription() {
        PowerSourceProvider p = provider();
        assertTrue(p.id().matches("[a-z][a-z0-9-]*"), "id " + p.id());
        assertFalse(p.description().isBlank());
        assertTrue(p.group() != null);
    }

    @Test
    void shouldBeRegisteredWithServiceLoader() {
        Set<String> ids = new HashSet<>();
        for (PowerSourceProvider p : ServiceLoader.load(PowerSourceProvider.class)) {
            ids.add(p.id());
        }
        assertTrue(ids.contains(provider().id()), "registered: " + ids);
    }

    @Test
    void shouldProbeUnavailableWithReasonAndRemedyOnEmptyHost() throws Exception {
        Probe probe = assertDoesNotThrow(() -> provider().probe(unavailableHost(tmp.resolve("empty"))));
        assertFalse(probe.available());
        assertFalse(probe.reason().isBlank(), "reason");
        assertTrue(probe.zones().isEmpty());
    }

    @Test
    void shouldOpenTheZonesItProbedAndFillEveryZone() throws Exception {
        SourceContext ctx = availableHost(tmp.resolve("host"));
        Probe probe = provider().probe(ctx);
        assertTrue(probe.available(), probe.reason());
        try (PowerSource source = provider().open(ctx)) {
            assertEquals(provider().id(), source.id());
            assertEquals(probe.zones().size(), source.zones().size());
            Set<String> names = new HashSet<>();
            for (Zone z : source.zones()) {
                assertTrue(names.add(z.name()), "duplicate zone " + z.name());
                assertEquals(provider().group(), z.group());
            }
            long[] values = new long[source.zones().size()];
            int n = source.read(values);
            assertEquals(values.length, n);
            for (int i = 0; i < n; i++) {
                assertNotEquals(PowerSource.UNAVAILABLE, values[i], "zone " + source.zones().get(i).name());
                if (source.zones().get(i).kind() == Zone.Kind.POWER_GAUGE) {
                    assertTrue(values[i] >= 0, "negative power");
                }
            }
        }
    }

    @Test
    void shouldNotThrowWhenReadAfterCloseOrClosedTwice() throws Exception {
        SourceContext ctx = availableHost(tmp.resolve("host2"));
        PowerSource source = provider().open(ctx);
        source.close();
        assertDoesNotThrow(source::close);
        long[] values = new long[source.zones().size()];
        assertDoesNotThrow(() -> source.read(values));
    }
}
