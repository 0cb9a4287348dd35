package io.github.energy4j.agent;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergySnapshot;
import io.github.energy4j.agent.top.TopView;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code energy4j top}: redraws the power table every interval (ANSI clear-screen). The cursor is hidden
 * while it runs; a shutdown hook shows it again, so Ctrl-C leaves the terminal as it was.
 */
@Command(name = "top", description = "Live power per zone, process, container and pod; Ctrl-C restores the "
        + "terminal.")
final class TopCommand extends CliCommand {

    static final String CLEAR = "\033[H\033[2J";
    static final String HIDE_CURSOR = "\033[?25l";
    static final String SHOW_CURSOR = "\033[?25h";

    @Mixin
    HostOptions host;

    @Option(names = "--interval", paramLabel = "D", defaultValue = "1s", description = "time between screens, at "
            + "least 100ms (default 1s)")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", description = "stop after N screens (default 0: until Ctrl-C)")
    int count;

    @Option(names = "--sort", paramLabel = "S", description = "watts|joules (default watts)")
    String sort = "watts";

    @Option(names = "--rows", paramLabel = "N", defaultValue = "10", description = "rows per table, 1 to 1000 "
            + "(default 10)")
    int rows;

    @Override
    public Integer call() {
        if (interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new UsageException("--interval must be at least 100ms");
        }
        int count = Cli.range("--count", this.count, 0, Integer.MAX_VALUE);
        int rows = Cli.range("--rows", this.rows, 1, 1000);
        TopView.Sort sort = TopView.Sort.valueOf(Cli.choice("--sort", this.sort, "watts", "joules")
                .toUpperCase(Locale.ROOT));
        EnergyMeter meter;
        try {
            meter = host.builder().interval(interval).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
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
                throw new UsageException("no power source is available; run 'energy4j doctor' for reasons and "
                        + "remedies");
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
