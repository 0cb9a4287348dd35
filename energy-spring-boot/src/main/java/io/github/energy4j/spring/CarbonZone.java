package io.github.energy4j.spring;

import io.github.energy4j.carbon.CarbonIntensities;
import io.github.energy4j.carbon.UnknownZoneException;
import io.github.energy4j.spi.GridIntensity;

/** {@code energy4j.carbon.zone} to a grid intensity; loaded only when energy-carbon is on the class path. */
final class CarbonZone {

    private CarbonZone() {
    }

    /**
     * The embedded yearly intensity of a country ({@code FR}, {@code DEU}) or cloud region ({@code aws:eu-west-1},
     * {@code eu-west-1} when only one cloud has it).
     *
     * @throws IllegalArgumentException naming the property and the accepted forms for a zone not in the data
     */
    static GridIntensity intensity(String zone) {
        try {
            return CarbonIntensities.country(zone);
        } catch (UnknownZoneException notACountry) {
            try {
                return CarbonIntensities.cloudRegion(zone);
            } catch (UnknownZoneException e) {
                throw new IllegalArgumentException("energy4j.carbon.zone: '" + zone + "' is neither a country nor a "
                        + "cloud region of the embedded data; use an ISO 3166 code (FR, DEU) or a region "
                        + "(aws:eu-west-1, gcp:europe-west1, azure:westeurope): " + e.getMessage(), e);
            }
        }
    }
}
