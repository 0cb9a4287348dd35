package io.github.energy4j.agent.run;

import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.ProcessEnergy;
import io.github.energy4j.ZoneEnergy;
import io.github.energy4j.spi.Zone;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The energy of a command's process tree over its run.
 *
 * <p>Two views of the tree are combined. The samples see the processes alive at each sample, with their share
 * of every zone interval by interval; a command shorter than one interval may be gone before the first. This
 * JVM's reaped-children CPU time ({@link ReapedCpu}) holds, once the command has been waited for, the whole CPU
 * time of the command and of every descendant reaped within the tree, however short-lived, but no orphan's. The
 * CPU time is the larger of the two, a lower bound of the truth; the part the samples did not see is priced at
 * the node's active joules per busy CPU-second over the run, zone by zone (the price the meter gives a scope), and
 * carries each zone's grams per joule. GPU zones are not priced by CPU time: their energy is what the samples
 * attributed.
 *
 * @param processes   the command and the descendants seen while sampling (at least 1: the command ran)
 * @param seconds     wall time of the run
 * @param cpuJoules   primary CPU zones
 * @param gpuJoules   GPU zones
 * @param joules      both
 * @param cpuSeconds  CPU time of the command and its descendants (see above)
 * @param carbonGrams CO2e, NaN without a grid intensity
 * @param zoneJoules  per primary zone name
 * @param nodeJoules  the whole node over the same window, for the share
 * @param estimated   whether any counted zone is a model estimate
 */
public record CommandEnergy(int processes, double seconds, double cpuJoules, double gpuJoules, double joules,
                            double cpuSeconds, double carbonGrams, Map<String, Double> zoneJoules, double nodeJoules,
                            boolean estimated) {

    /**
     * Sums the tree's processes in the window {@code end.since(start)} and prices the CPU time they were not seen
     * using.
     *
     * @param reapedCpuSeconds what this JVM's reaped-children CPU time gained over the window, NaN when unknown
     * @param nodeBusySeconds  the node's busy CPU time over the same window, NaN when unknown
     */
    public static CommandEnergy of(EnergySnapshot start, EnergySnapshot end, ProcessTree tree,
                                   double reapedCpuSeconds, double nodeBusySeconds) {
        EnergySnapshot w = end.since(start);
        Map<String, Double> zones = new LinkedHashMap<>();
        double cpu = 0;
        double gpu = 0;
        double seenCpuSec = 0;
        double grams = 0;
        int n = 0;
        boolean carbon = !end.carbonProvenance().isEmpty();
        for (ProcessEnergy p : w.processes()) {
            if (!tree.contains(p)) {
                continue;
            }
            n++;
            seenCpuSec += p.cpuTime().toNanos() * 1e-9;
            if (carbon) {
                grams += p.carbonGrams();
            }
            for (int z = 0; z < w.zones().size() && z < p.zoneJoules().size(); z++) {
                ZoneEnergy ze = w.zones().get(z);
                if (!ze.primary()) {
                    continue;
                }
                double j = p.zoneJoules().get(z);
                zones.merge(ze.name(), j, Double::sum);
                if (ze.domain().group() == Zone.Group.GPU) {
                    gpu += j;
                } else {
                    cpu += j;
                }
            }
        }
        double cpuSec = reapedCpuSeconds > seenCpuSec ? reapedCpuSeconds : seenCpuSec;
        double unseen = cpuSec - seenCpuSec;
        if (unseen > 0) {
            // the node was busy for at least the command's CPU time; a proc root that says less (a copy, a fake)
            // must not make the price larger than all the active energy
            double busy = nodeBusySeconds > cpuSec ? nodeBusySeconds : cpuSec;
            for (ZoneEnergy ze : w.zones()) {
                if (!ze.primary() || ze.domain().group() == Zone.Group.GPU || !(ze.activeJoules() > 0)) {
                    continue;
                }
                double j = unseen * ze.activeJoules() / busy;
                zones.merge(ze.name(), j, Double::sum);
                cpu += j;
                if (carbon && ze.joules() > 0) {
                    grams += j * ze.carbonGrams() / ze.joules();
                }
            }
        }
        boolean estimated = false;
        for (ZoneEnergy ze : w.zones()) {
            estimated |= ze.primary() && ze.estimated();
        }
        return new CommandEnergy(Math.max(1, n), w.elapsed().toNanos() * 1e-9, cpu, gpu, cpu + gpu, cpuSec,
                carbon ? grams : Double.NaN, zones, w.nodeJoules(), estimated);
    }
}
