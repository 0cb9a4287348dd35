package io.github.energy4j.benchmarks;

import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.util.List;

/**
 * A package and a dram microjoule counter that follow {@link System#nanoTime()} at a constant 100 W and
 * 25 W. The tick benchmarks use it so that what they measure is the procfs scan and the attribution,
 * not a sensor (RAPL has its own benchmark); it reads no file and allocates nothing.
 */
public final class SyntheticCounterProvider implements PowerSourceProvider {

    static final String ID = "bench-counter";

    private static final List<Zone> ZONES = List.of(
            Zone.microjouleCounter("package-0", 0, Zone.Domain.PACKAGE, 0, 500, "synthetic"),
            Zone.microjouleCounter("dram", 0, Zone.Domain.DRAM, 0, 200, "synthetic"));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Zone.Group group() {
        return Zone.Group.CPU;
    }

    @Override
    public int priority() {
        return 1000;
    }

    @Override
    public String description() {
        return "constant 100 W package and 25 W dram counters (benchmarks)";
    }

    @Override
    public Probe probe(SourceContext context) {
        return Probe.available(ZONES);
    }

    @Override
    public PowerSource open(SourceContext context) {
        return new PowerSource() {
            @Override
            public String id() {
                return ID;
            }

            @Override
            public List<Zone> zones() {
                return ZONES;
            }

            @Override
            public int read(long[] values) {
                long ns = System.nanoTime();
                values[0] = ns / 10; // µJ at 100 W
                values[1] = ns / 40; // µJ at 25 W
                return 2;
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
    }
}
