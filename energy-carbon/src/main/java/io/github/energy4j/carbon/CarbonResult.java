package io.github.energy4j.carbon;

import java.util.ArrayList;
import java.util.List;

/**
 * Carbon emitted by some energy over some time.
 *
 * @param energyKwh              IT energy in kWh (before PUE)
 * @param carbonGrams            grams CO2e, facility overhead (PUE) included; NaN when any bucket had no figure
 * @param averageGramsPerKwh     energy-weighted intensity that was applied (carbonGrams / (energyKwh · PUE))
 * @param pue                    power usage effectiveness applied
 * @param estimated              true when any bucket used an estimated figure
 * @param provenances            distinct provenances of the figures used, in time order
 */
public record CarbonResult(double energyKwh, double carbonGrams, double averageGramsPerKwh, double pue,
                           boolean estimated, List<IntensityProvenance> provenances) {

    public CarbonResult {
        provenances = List.copyOf(provenances);
    }

    /** This result and {@code other} together (energy and grams add; provenances merge). */
    public CarbonResult plus(CarbonResult other) {
        List<IntensityProvenance> merged = new ArrayList<>(provenances);
        for (IntensityProvenance p : other.provenances) {
            if (!merged.contains(p)) {
                merged.add(p);
            }
        }
        double kwh = energyKwh + other.energyKwh;
        double grams = carbonGrams + other.carbonGrams;
        double facilityKwh = energyKwh * pue + other.energyKwh * other.pue;
        double avgPue = kwh > 0 ? facilityKwh / kwh : pue;
        double avg = facilityKwh > 0 ? grams / facilityKwh : Double.NaN;
        return new CarbonResult(kwh, grams, avg, avgPue, estimated || other.estimated, merged);
    }
}
