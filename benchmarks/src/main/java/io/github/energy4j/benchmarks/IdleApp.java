package io.github.energy4j.benchmarks;

import io.github.energy4j.EnergyMeter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;

/**
 * An idle application, with or without an embedded meter, for {@code benchmarks/scripts/embedded-overhead.sh}:
 * {@code IdleApp none|self|all WARMUP_SECONDS SECONDS}. {@code self} is {@code EnergyMeter.create()} (this process
 * only), {@code all} the same meter reading every process ({@code allProcesses(true)}). After the warm-up it
 * measures its own CPU time over {@code SECONDS}, then its heap in use after a full GC, and prints one line:
 * {@code mode=... cpuSeconds=... seconds=... heapBytes=... ticks=...}.
 */
public final class IdleApp {

    private IdleApp() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long warmup = Long.parseLong(args[1]);
        long seconds = Long.parseLong(args[2]);
        EnergyMeter meter = switch (mode) {
            case "none" -> null;
            case "self" -> EnergyMeter.create();
            case "all" -> EnergyMeter.builder().allProcesses(true).build();
            default -> throw new IllegalArgumentException("mode must be none, self or all, was " + mode);
        };
        if (meter != null) {
            meter.start();
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(Duration.ofSeconds(warmup).toMillis());
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        long cpu = os.getProcessCpuTime() - cpu0;
        double wall = (System.nanoTime() - t0) * 1e-9;
        long ticks = meter == null ? 0 : meter.ticks();
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        long heap = mem.getHeapMemoryUsage().getUsed();
        System.out.printf("mode=%s cpuSeconds=%.4f seconds=%.1f heapBytes=%d ticks=%d%n", mode, cpu * 1e-9, wall,
                heap, ticks);
        if (meter != null) {
            meter.close();
        }
    }
}
