package io.github.energy4j.platform.ipmi;

import io.github.energy4j.platform.internal.BackgroundPoller;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.Zone;
import java.io.IOException;
import java.util.List;

/**
 * The BMC's whole-platform power as one {@code platform} gauge. A daemon thread queries the BMC every
 * {@code ipmi.interval}; {@link #read(long[])} returns the cached microwatts, or
 * {@link PowerSource#UNAVAILABLE} once the last good reading is older than {@code ipmi.staleness}.
 *
 * <p>Threading: {@link #read(long[])} on the sampler thread only; never blocks; allocation-free.
 */
public final class IpmiPowerSource implements PowerSource {

    private final IpmiConfig config;
    private final IpmiTool tool;
    private final List<Zone> zones;
    private final BackgroundPoller poller;
    private final List<String> command;

    IpmiPowerSource(IpmiConfig config) {
        this.config = config;
        this.tool = new IpmiTool(config);
        this.zones = List.of(zone(config));
        this.command = config.sensor().isEmpty() ? IpmiTool.DCMI_POWER_READING
                : List.of("-c", "sensor", "reading", config.sensor()); // -c: "name,value"
        this.poller = new BackgroundPoller("energy4j-ipmi", 1, this::fetch, config.interval().toNanos(),
                config.staleness().toNanos(), System::nanoTime);
    }

    static Zone zone(IpmiConfig config) {
        return Zone.microwattGauge("platform", 0, Zone.Domain.PLATFORM, Double.NaN, config.describe());
    }

    /** One query on the calling thread, then the background refresh. */
    void start() throws IOException, InterruptedException {
        try {
            poller.fetchNow();
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        poller.start();
    }

    /** One BMC query: watts converted to microwatts. Runs on the poller thread (or in open/probe). */
    private void fetch(long[] microwatts) throws IOException, InterruptedException {
        microwatts[0] = Math.round(queryWatts() * 1e6);
    }

    double queryWatts() throws IOException, InterruptedException {
        String out = tool.run(command);
        try {
            if (config.sensor().isEmpty()) {
                byte[] bytes = DcmiPowerReading.parseHex(out);
                DcmiPowerReading r = DcmiPowerReading.decode(bytes, 0, bytes.length);
                if (!r.active()) {
                    throw new IOException("the BMC reports power measurement as not active (DCMI state bit 6 clear)");
                }
                return r.currentWatts();
            }
            return IpmiSensorOutput.readingWatts(out, config.sensor());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Checks once that the configured sensor reports Watts (cold, for open/probe). */
    void checkSensorUnit() throws IOException, InterruptedException {
        if (config.sensor().isEmpty()) {
            return;
        }
        String unit = IpmiSensorOutput.readingUnit(tool.run(List.of("sdr", "get", config.sensor())));
        if (!unit.isEmpty() && !unit.equalsIgnoreCase("Watts")) {
            throw new IOException("sensor \"" + config.sensor() + "\" reads in " + unit + ", not Watts");
        }
    }

    @Override
    public String id() {
        return IpmiPowerSourceProvider.ID;
    }

    @Override
    public List<Zone> zones() {
        return zones;
    }

    @Override
    public int read(long[] values) {
        return poller.readInto(values);
    }

    @Override
    public String lastError() {
        return poller.lastError();
    }

    @Override
    public void close() {
        poller.close();
    }
}
