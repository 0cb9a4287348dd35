package io.github.energy4j.rapl.internal;

import io.github.energy4j.internal.io.KernelFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Online CPUs grouped by physical package and core, from
 * {@code <sysfs>/devices/system/cpu/cpuN/topology/{physical_package_id,core_id}}.
 */
public final class CpuTopology {

    private final Map<Integer, TreeMap<Integer, Integer>> coreLeadByPackage;
    private final Map<Integer, Integer> packageLead;

    private CpuTopology(Map<Integer, TreeMap<Integer, Integer>> coreLeadByPackage, Map<Integer, Integer> packageLead) {
        this.coreLeadByPackage = coreLeadByPackage;
        this.packageLead = packageLead;
    }

    /** Reads the topology; empty when the directory is missing. Never throws. */
    public static CpuTopology read(Path sysfs) {
        Map<Integer, TreeMap<Integer, Integer>> cores = new TreeMap<>();
        Map<Integer, Integer> leads = new TreeMap<>();
        Path cpuDir = sysfs.resolve("devices").resolve("system").resolve("cpu");
        List<Integer> cpus = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(cpuDir, "cpu[0-9]*")) {
            for (Path p : ds) {
                String n = p.getFileName().toString().substring(3);
                if (n.chars().allMatch(Character::isDigit)) {
                    cpus.add(Integer.parseInt(n));
                }
            }
        } catch (IOException | RuntimeException e) {
            return new CpuTopology(Map.of(), Map.of());
        }
        cpus.sort(null);
        for (int cpu : cpus) {
            Path topo = cpuDir.resolve("cpu" + cpu).resolve("topology");
            long pkg = KernelFile.decimal(topo.resolve("physical_package_id"));
            if (pkg < 0) {
                continue; // offline CPUs have no topology
            }
            long core = KernelFile.decimal(topo.resolve("core_id"));
            leads.putIfAbsent((int) pkg, cpu);
            cores.computeIfAbsent((int) pkg, k -> new TreeMap<>()).putIfAbsent(core < 0 ? cpu : (int) core, cpu);
        }
        return new CpuTopology(cores, leads);
    }

    /** Package id to the lowest online CPU of that package, in package order. */
    public Map<Integer, Integer> packageLeads() {
        return packageLead;
    }

    /** The lowest online CPU of every core of {@code pkg}, in core order. */
    public List<Integer> coreLeads(int pkg) {
        TreeMap<Integer, Integer> m = coreLeadByPackage.get(pkg);
        return m == null ? List.of() : new ArrayList<>(m.values());
    }
}
