package io.github.energy4j.carbon.data;

/**
 * Yearly average carbon intensity of a country's electricity generation (production-based, lifecycle
 * emission factors per Ember's methodology).
 *
 * @param iso3        ISO 3166-1 alpha-3 code
 * @param iso2        ISO 3166-1 alpha-2 code
 * @param country     English short name
 * @param gramsPerKwh grams CO2e per kWh generated
 * @param year        the year the figure describes
 * @param source      where the row was taken from
 * @param licence     licence of the figure
 */
public record CountryIntensity(String iso3, String iso2, String country, double gramsPerKwh, int year,
                               String source, String licence) {
}
