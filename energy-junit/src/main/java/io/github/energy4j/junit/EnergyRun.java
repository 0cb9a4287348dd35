package io.github.energy4j.junit;

import io.github.energy4j.EnergyMeter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * One engine run: the settings, the meter, every test's energy; kept in the root context's store, which closes
 * it at the end of the run. Closing writes the summary and closes the meter. Thread-safe.
 *
 * <p>Exactly one of three states: a meter; no meter, with the reason (the default meter cannot run on this host,
 * e.g. without {@code /proc}: tests run unmetered); or a configuration error, thrown to every metered test.
 */
@SuppressWarnings("deprecation") // CloseableResource as well as AutoCloseable: closed also when a build turns
// junit.jupiter.extensions.store.close.autocloseable.enabled off; the engine calls one close, never both
final class EnergyRun implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private final Settings settings;
    private final EnergyMeter meter;
    private final String unavailableReason;
    private final ExtensionConfigurationException error;
    private final Queue<TestEnergy> tests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unmetered = new AtomicInteger();
    private final PrintStream out;

    private EnergyRun(Settings settings, EnergyMeter meter, String unavailableReason,
                      ExtensionConfigurationException error) {
        this.settings = settings;
        this.meter = meter;
        this.unavailableReason = unavailableReason;
        this.error = error;
        this.out = System.out; // the stream when the run began, not whatever a test left in System.out
    }

    /** The run of {@code context}'s engine, opened by its first metered test. */
    static EnergyRun of(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        return root.getStore(EnergyExtension.NAMESPACE)
                .getOrComputeIfAbsent(EnergyRun.class, k -> open(root), EnergyRun.class);
    }

    private static EnergyRun open(ExtensionContext root) {
        Settings s;
        try {
            s = Settings.from(root);
        } catch (ExtensionConfigurationException e) {
            return new EnergyRun(null, null, null, e);
        }
        if (s.meterSupplier().isPresent()) {
            try {
                return new EnergyRun(s, supplied(s.meterSupplier().get()), null, null);
            } catch (ExtensionConfigurationException e) {
                return new EnergyRun(s, null, null, e);
            }
        }
        try {
            return new EnergyRun(s, EnergyMeter.create(), null, null);
        } catch (RuntimeException e) {
            // no procfs (macOS, Windows) or no readable source: the tests still run, their energy is unknown
            return new EnergyRun(s, null, e.getMessage() != null ? e.getMessage() : e.toString(), null);
        }
    }

    private static EnergyMeter supplied(String className) {
        String how = "; " + Settings.METER + " names a public class with a public no-argument constructor that "
                + "implements java.util.function.Supplier<io.github.energy4j.EnergyMeter>";
        Class<?> cls = ReflectionSupport.tryToLoadClass(className).toOptional().orElseThrow(
                () -> new ExtensionConfigurationException("energy4j: class '" + className + "' not found" + how));
        if (!Supplier.class.isAssignableFrom(cls)) {
            throw new ExtensionConfigurationException("energy4j: " + className + " is not a Supplier" + how);
        }
        Object meter;
        try {
            meter = ((Supplier<?>) ReflectionSupport.newInstance(cls)).get();
        } catch (RuntimeException e) {
            throw new ExtensionConfigurationException("energy4j: " + className + " failed to supply a meter: " + e
                    + how, e);
        }
        if (!(meter instanceof EnergyMeter)) {
            throw new ExtensionConfigurationException("energy4j: " + className + " supplied " + meter
                    + " instead of an EnergyMeter" + how);
        }
        return (EnergyMeter) meter;
    }

    /**
     * The settings.
     *
     * @throws ExtensionConfigurationException when a configuration parameter or the meter supplier is wrong
     */
    Settings settings() {
        if (error != null) {
            throw error;
        }
        return settings;
    }

    /** The meter, or null when none could be opened ({@link #unavailableReason()} says why). */
    EnergyMeter meter() {
        return meter;
    }

    String unavailableReason() {
        return unavailableReason;
    }

    void record(TestEnergy test) {
        tests.add(test);
    }

    void recordUnmetered() {
        unmetered.incrementAndGet();
    }

    /** Writes the summary (when a test was metered, or a summary file is asked for) and closes the meter. */
    @Override
    public void close() throws IOException {
        try {
            if (settings != null) {
                List<TestEnergy> all = new ArrayList<>(tests);
                int none = unmetered.get();
                String text = Summary.format(all, none, meter == null ? unavailableReason : null, settings.top());
                if (settings.summary() && (!all.isEmpty() || none > 0)) {
                    out.print(text);
                    out.flush();
                }
                if (settings.summaryFile().isPresent()) {
                    write(settings.summaryFile().get(), text);
                }
            }
        } finally {
            if (meter != null) {
                meter.close();
            }
        }
    }

    private static void write(Path file, String text) throws IOException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("energy4j: cannot write the summary to " + file + " (" + e + "); point "
                    + Settings.SUMMARY_FILE + " at a writable file", e);
        }
    }
}
