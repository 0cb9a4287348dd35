package io.github.energy4j.carbon.window;

/**
 * The candidate region (and start time there) with the lowest expected emissions.
 *
 * @param region        the chosen candidate's id
 * @param window        best start in that region; its savings compare with running now in that region
 * @param baselineRegion the region the savings below compare with (where the job would run now)
 * @param savedGrams    grams saved versus running now in {@code baselineRegion}
 * @param savedPercent  that as a percentage
 */
public record RegionChoice(String region, WindowChoice window, String baselineRegion, double savedGrams,
                           double savedPercent) {
}
