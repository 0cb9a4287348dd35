package io.github.energy4j.carbon.sci;

/**
 * A Software Carbon Intensity score (ISO/IEC 21031): {@code SCI = (E·I + M) / R}.
 *
 * @param operationalGrams E·I: grams CO2e of the energy used (PUE included)
 * @param embodiedGrams    M: embodied grams allocated to the time and resources reserved
 * @param functionalUnits  R: functional units served (requests, jobs, users)
 * @param gramsPerUnit     the score; NaN when R is 0
 * @param estimated        true when the intensity behind E·I was estimated
 */
public record SciScore(double operationalGrams, double embodiedGrams, double functionalUnits, double gramsPerUnit,
                       boolean estimated) {

    /** Scores directly from the three terms. */
    public static SciScore of(double operationalGrams, double embodiedGrams, double functionalUnits, boolean estimated) {
        double score = functionalUnits > 0 ? (operationalGrams + embodiedGrams) / functionalUnits : Double.NaN;
        return new SciScore(operationalGrams, embodiedGrams, functionalUnits, score, estimated);
    }

    /** E·I + M: total grams of the period. */
    public double totalGrams() {
        return operationalGrams + embodiedGrams;
    }
}
