package io.github.energy4j.carbon.data;

import io.github.energy4j.carbon.EmissionScope;

/**
 * Emission factor and PUE of one cloud region.
 *
 * @param provider     {@code aws}, {@code gcp}, {@code azure}, {@code alibaba}
 * @param region       provider region id ({@code us-east-1}, {@code europe-west1}, {@code westeurope}); {@code Unknown}
 *                     is the provider's average
 * @param location     human-readable location
 * @param gridZoneIso2 ISO alpha-2 code of the hosting country; empty when not one country
 * @param gramsPerKwh  grams CO2e per kWh
 * @param pue          power usage effectiveness of the provider's data centres
 * @param year         year the factor describes, 0 when the source does not say
 * @param scope        lifecycle/direct/unspecified
 * @param source       where the row was taken from
 * @param licence      licence of the row
 */
public record CloudRegion(String provider, String region, String location, String gridZoneIso2, double gramsPerKwh,
                          double pue, int year, EmissionScope scope, String source, String licence) {

    /** {@code provider:region}, the id used on the command line. */
    public String id() {
        return provider + ':' + region;
    }
}
