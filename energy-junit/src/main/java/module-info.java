/**
 * energy4j for JUnit 5: the energy of each test and test class as report entries and in an end-of-run
 * summary, and energy budgets that fail a test which uses more. See {@link io.github.energy4j.junit.EnergyExtension}.
 */
module io.github.energy4j.junit {
    requires transitive io.github.energy4j;
    requires transitive org.junit.jupiter.api;

    exports io.github.energy4j.junit;

    // picked up when junit.jupiter.extensions.autodetection.enabled=true: every test of the run is metered
    provides org.junit.jupiter.api.extension.Extension with io.github.energy4j.junit.EnergyExtension;
}
