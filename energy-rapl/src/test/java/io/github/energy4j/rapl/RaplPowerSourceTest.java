package io.github.energy4j.rapl;

import io.github.energy4j.rapl.internal.RaplPowerSourceProvider;
import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.testing.PowerSourceContract;
import java.nio.file.Path;

class RaplPowerSourceTest extends PowerSourceContract {

    @Override
    protected PowerSourceProvider provider() {
        return new RaplPowerSourceProvider();
    }

    @Override
    protected SourceContext availableHost(Path dir) {
        FakePowercap p = FakePowercap.create(dir.resolve("sys"));
        p.pkg("0", "package-0", 1_000_000);
        p.zone("intel-rapl", "0:0", "core", 400_000, FakePowercap.INTEL_RANGE_UJ, 0);
        p.zone("intel-rapl", "0:1", "dram", 200_000, FakePowercap.INTEL_RANGE_UJ, 0);
        return SourceContext.of(dir.resolve("proc"), p.sysfs());
    }
}
