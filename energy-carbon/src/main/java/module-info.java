/** Energy to CO2e: embedded grid data, live intensity providers, PUE, SCI, carbon-aware windows. */
module io.github.energy4j.carbon {
    requires io.github.energy4j;
    requires org.slf4j;
    requires java.net.http;
    requires com.fasterxml.jackson.core;

    exports io.github.energy4j.carbon;
    exports io.github.energy4j.carbon.data to io.github.energy4j.agent;
    // the SPI and its lookup only; the built-in providers, their parsers and the live cache are implementation
    exports io.github.energy4j.carbon.providers;
    exports io.github.energy4j.carbon.providers.internal to io.github.energy4j.agent;
    exports io.github.energy4j.carbon.sci;
    exports io.github.energy4j.carbon.window;

    uses io.github.energy4j.carbon.providers.IntensityProvider;

    provides io.github.energy4j.carbon.providers.IntensityProvider with
            io.github.energy4j.carbon.providers.internal.FixedProvider,
            io.github.energy4j.carbon.providers.internal.EmbeddedProvider,
            io.github.energy4j.carbon.providers.internal.CsvFileProvider,
            io.github.energy4j.carbon.providers.internal.ElectricityMapsProvider,
            io.github.energy4j.carbon.providers.internal.WattTimeProvider,
            io.github.energy4j.carbon.providers.internal.UkGridProvider,
            io.github.energy4j.carbon.providers.internal.CarbonAwareSdkProvider;
}
