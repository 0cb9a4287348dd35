package io.github.energy4j.agent.run;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.spi.ZoneGroup;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The energy of a command's process tree over its run.
 *
 * @param processes   processes counted
 * @param seconds     wall time of the run
 * @param cpuJoules   primary CPU zones
 * @param gpuJoules   GPU zones
 * @param joules      both
 * @param cpuSeconds  CPU time of the processes while observed
 * @param carbonGrams CO2e, NaN without a grid intensity
 * @param zoneJoules  per primary zone name
 * @param nodeJoules  the whole node over the same window, for the share
 * @param estimated   whether any counted zone is a model estimate
 */
public record CommandEnergy(int processes, double seconds, double cpuJoules, double gpuJoules, double joules,
                            double cpuSeconds, double carbonGrams, Map<String, Double> zoneJoules, double nodeJoules,
                            boolean estimated) {

    /** Sums the tree's processes in the window {@code end.since(start)}. */
    public static CommandEnergy of(EnergySnapshot start, EnergySnapshot end, ProcessTree tree) {
        EnergySnapshot w = end.since(start);
        Map<String, Double> zones = new LinkedHashMap<>();
        double cpu = 0;
        double gpu = 0;
        double cpuSec = 0;
        double grams = 0;
        int n = 0;
        boolean carbon = !end.carbonProvenance().isEmpty();
        for (ProcessEnergy p : w.processes()) {
            if (!tree.contains(p)) {
                continue;
            }
            n++;
            cpuSec += p.cpuSeconds();
            if (carbon) {
                grams += p.carbonGrams();
            }
            for (int z = 0; z < w.zones().size() && z < p.zoneJoules().length; z++) {
                ZoneEnergy ze = w.zones().get(z);
                if (!ze.primary()) {
                    continue;
                }
                double j = p.zoneJoules()[z];
                zones.merge(ze.name(), j, Double::sum);
                if (ze.domain().group() == ZoneGroup.GPU) {
                    gpu += j;
                } else {
                    cpu += j;
                }
            }
        }
        boolean estimated = false;
        for (ZoneEnergy ze : w.zones()) {
            estimated |= ze.primary() && ze.estimated();
        }
        return new CommandEnergy(n, w.elapsed().toNanos() * 1e-9, cpu, gpu, cpu + gpu, cpuSec,
                carbon ? grams : Double.NaN, zones, w.nodeJoules(), estimated);
    }
}
