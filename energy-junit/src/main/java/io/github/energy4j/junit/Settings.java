package io.github.energy4j.junit;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The extension's configuration parameters, read once per engine run and validated then.
 *
 * @param summary         print the summary on {@code System.out} at the end of the run
 * @param top             how many tests the summary lists
 * @param summaryFile     where to write the summary as well, if anywhere
 * @param skipUnavailable report a budgeted test whose energy is unavailable as skipped rather than failed
 * @param meterSupplier   the class name of a {@code Supplier<EnergyMeter>}, if the default meter is not wanted
 */
record Settings(boolean summary, int top, Optional<Path> summaryFile, boolean skipUnavailable,
                Optional<String> meterSupplier) {

    static final String SUMMARY = "energy4j.junit.summary";
    static final String SUMMARY_TOP = "energy4j.junit.summary.top";
    static final String SUMMARY_FILE = "energy4j.junit.summary.file";
    static final String BUDGET_UNAVAILABLE = "energy4j.junit.budget.unavailable";
    static final String METER = "energy4j.junit.meter";

    static final int DEFAULT_TOP = 10;

    /**
     * Reads the parameters of the run.
     *
     * @throws ExtensionConfigurationException naming the parameter, its value and the allowed values
     */
    static Settings from(ExtensionContext context) {
        boolean summary = bool(context, SUMMARY, true);
        int top = context.getConfigurationParameter(SUMMARY_TOP).map(Settings::top).orElse(DEFAULT_TOP);
        Optional<Path> file = context.getConfigurationParameter(SUMMARY_FILE).map(Settings::path);
        String unavailable = context.getConfigurationParameter(BUDGET_UNAVAILABLE).orElse("fail").trim();
        boolean skip;
        if (unavailable.equalsIgnoreCase("fail")) {
            skip = false;
        } else if (unavailable.equalsIgnoreCase("skip")) {
            skip = true;
        } else {
            throw invalid(BUDGET_UNAVAILABLE, unavailable, "fail or skip");
        }
        Optional<String> meter = context.getConfigurationParameter(METER).map(String::trim).filter(s -> !s.isEmpty());
        return new Settings(summary, top, file, skip, meter);
    }

    private static boolean bool(ExtensionContext context, String key, boolean defaultValue) {
        Optional<String> v = context.getConfigurationParameter(key).map(String::trim);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String s = v.get().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return s.equals("true");
        }
        throw invalid(key, v.get(), "true or false");
    }

    private static int top(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(SUMMARY_TOP, value, "a whole number >= 0");
    }

    private static Path path(String value) {
        try {
            return Path.of(value.trim());
        } catch (InvalidPathException e) {
            throw invalid(SUMMARY_FILE, value, "a file path (" + e.getReason() + ")");
        }
    }

    static ExtensionConfigurationException invalid(String key, String value, String allowed) {
        return new ExtensionConfigurationException("energy4j: configuration parameter " + key + " is '" + value
                + "'; allowed: " + allowed + " (set it in junit-platform.properties, as a system property or in "
                + "the build tool's JUnit configuration parameters)");
    }
}
