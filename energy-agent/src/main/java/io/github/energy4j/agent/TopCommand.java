package io.github.energy4j.agent;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.agent.top.TopView;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code energy4j top}: redraws the power table every interval (ANSI clear-screen). The cursor is hidden
 * while it runs; a shutdown hook shows it again, so Ctrl-C leaves the terminal as it was.
 */
final class TopCommand {

    static final String CLEAR = "\033[H\033[2J";
    static final String HIDE_CURSOR = "\033[?25l";
    static final String SHOW_CURSOR = "\033[?25h";

    private TopCommand() {
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        Set<String> valued = new HashSet<>(HostOptions.VALUED);
        valued.addAll(Set.of("interval", "count", "sort", "rows"));
        Args a = Args.parse("top", argv, valued, Set.of());
        if (!a.positional().isEmpty()) {
            throw new UsageException("top: unexpected argument '" + a.positional().get(0) + "'");
        }
        Duration interval = a.duration("interval", Duration.ofSeconds(1));
        if (interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new UsageException("top: --interval must be at least 100ms");
        }
        int count = a.integer("count", 0, 0, Integer.MAX_VALUE);
        int rows = a.integer("rows", 10, 1, 1000);
        TopView.Sort sort = TopView.Sort.valueOf(a.choice("sort", "watts", "watts", "joules").toUpperCase(Locale.ROOT));
        EnergyMeter meter;
        try {
            meter = HostOptions.builder("top", a).interval(interval).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("top: " + e.getMessage());
        }
        AtomicBoolean restored = new AtomicBoolean();
        Runnable restore = () -> {
            if (restored.compareAndSet(false, true)) {
                out.print(SHOW_CURSOR);
                out.flush();
            }
        };
        Thread hook = new Thread(() -> {
            restore.run();
            meter.close();
        }, "energy4j-top-exit");
        try (meter) {
            if (meter.zones().isEmpty()) {
                throw new UsageException("top: no power source is available; run 'energy4j doctor' for reasons and remedies");
            }
            Runtime.getRuntime().addShutdownHook(hook);
            out.print(HIDE_CURSOR);
            meter.sampleNow();
            EnergySnapshot before = meter.snapshot();
            long next = System.nanoTime() + interval.toNanos();
            for (int shown = 0; count == 0 || shown < count; shown++) {
                for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                next += interval.toNanos();
                meter.sampleNow();
                EnergySnapshot now = meter.snapshot();
                out.print(CLEAR + TopView.render(before, now, sort, rows));
                out.flush();
                before = now;
            }
        } finally {
            restore.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down already, or never added: the hook does the rest
            }
        }
        return 0;
    }
}
