/** Energy to CO2e: embedded grid data, live intensity providers, PUE, SCI, carbon-aware windows. */
module io.github.energy4j.carbon {
    requires io.github.energy4j;
    requires org.slf4j;
    requires java.net.http;
    requires com.fasterxml.jackson.core;

    exports io.github.energy4j.carbon;
    exports io.github.energy4j.carbon.cli to io.github.energy4j.agent;
    exports io.github.energy4j.carbon.data to io.github.energy4j.agent;
    exports io.github.energy4j.carbon.providers;
    exports io.github.energy4j.carbon.sci;
    exports io.github.energy4j.carbon.window;

    uses io.github.energy4j.carbon.providers.IntensityProvider;

    provides io.github.energy4j.carbon.providers.IntensityProvider with
            io.github.energy4j.carbon.providers.FixedProvider,
            io.github.energy4j.carbon.providers.EmbeddedProvider,
            io.github.energy4j.carbon.providers.CsvFileProvider,
            io.github.energy4j.carbon.providers.ElectricityMapsProvider,
            io.github.energy4j.carbon.providers.WattTimeProvider,
            io.github.energy4j.carbon.providers.UkGridProvider,
            io.github.energy4j.carbon.providers.CarbonAwareSdkProvider;
}
