package io.github.energy4j.platform.hwmon;

import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.internal.io.KeptFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads hwmon power channels, whole-platform or CPU: energy counters (µJ) as they are, power gauges
 * (µW) as they are, voltage × current pairs multiplied into µW, and pairs of power gauges added.
 *
 * <p>Channels with a firmware refresh interval ({@code acpi_power_meter}'s
 * {@code power1_average_interval}) are re-read at most once per interval; in between the last value
 * is held, so the source never claims a finer resolution than the meter has.
 *
 * <p>Threading: {@link #read(long[])} on the sampler thread only; allocation-free after warm-up.
 */
public final class HwmonPowerSource implements PowerSource {

    private final String id;
    private final List<HwmonChannel> channels;
    private final List<Zone> zones;
    private final boolean[] sum;
    private final KeptFile[] primary;
    private final KeptFile[] secondary;
    private final long[] intervalNanos;
    private final long[] heldValue;
    private final long[] heldAtNanos;
    private final LongSupplier clock;
    private volatile boolean closed;
    /** Channel whose read failed in the last sample, -1 when none, -2 when closed. */
    private volatile int failedChannel = -1;
    /** Which file of {@link #failedChannel} failed: false the primary, true the current file. */
    private volatile boolean failedSecondary;
    /** Set by {@link #readChannel(int)} when its failure was the current file (sampler thread only). */
    private boolean secondaryFailed;

    HwmonPowerSource(List<HwmonChannel> channels, LongSupplier clock) throws IOException {
        this(HwmonPowerSourceProvider.ID, channels, platformZones(channels), clock);
    }

    /** @param zones one per channel, in the same order */
    HwmonPowerSource(String id, List<HwmonChannel> channels, List<Zone> zones, LongSupplier clock)
            throws IOException {
        if (zones.size() != channels.size()) {
            throw new IllegalArgumentException(zones.size() + " zones for " + channels.size() + " channels");
        }
        this.id = id;
        this.channels = List.copyOf(channels);
        this.clock = clock;
        int n = channels.size();
        this.primary = new KeptFile[n];
        this.secondary = new KeptFile[n];
        this.intervalNanos = new long[n];
        this.heldValue = new long[n];
        this.heldAtNanos = new long[n];
        this.sum = new boolean[n];
        try {
            for (int i = 0; i < n; i++) {
                HwmonChannel c = channels.get(i);
                primary[i] = KeptFile.open(c.primary(), 32);
                if (c.secondary() != null) {
                    secondary[i] = KeptFile.open(c.secondary(), 32);
                }
                intervalNanos[i] = c.intervalMillis() * 1_000_000L;
                heldValue[i] = UNAVAILABLE;
                sum[i] = c.kind() == HwmonChannel.Kind.POWER_SUM;
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        this.zones = List.copyOf(zones);
    }

    private static List<Zone> platformZones(List<HwmonChannel> channels) {
        List<Zone> z = new ArrayList<>(channels.size());
        for (int i = 0; i < channels.size(); i++) {
            z.add(zoneOf(channels.get(i), i, channels.size()));
        }
        return z;
    }

    static Zone zoneOf(HwmonChannel c, int index, int count) {
        String name = count == 1 ? "platform" : "platform-" + index;
        return c.kind() == HwmonChannel.Kind.ENERGY
                ? Zone.microjouleCounter(name, index, Zone.Domain.PLATFORM, 0, Double.NaN, c.describe())
                : Zone.microwattGauge(name, index, Zone.Domain.PLATFORM, Double.NaN, c.describe());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<Zone> zones() {
        return zones;
    }

    /** The channels behind {@link #zones()}, in the same order (refresh interval included). */
    public List<HwmonChannel> channels() {
        return channels;
    }

    @Override
    public int read(long[] values) {
        final int n = Math.min(values.length, primary.length);
        if (closed) {
            for (int i = 0; i < n; i++) {
                values[i] = UNAVAILABLE;
            }
            failedChannel = -2;
            return READ_FAILED;
        }
        int failed = -1;
        boolean failedOnSecondary = false;
        for (int i = 0; i < n; i++) {
            long v = readChannel(i);
            values[i] = v;
            if (v == UNAVAILABLE && failed < 0) {
                failed = i;
                failedOnSecondary = secondaryFailed;
            }
        }
        failedSecondary = failedOnSecondary;
        failedChannel = failed;
        return n;
    }

    private long readChannel(int i) {
        final long interval = intervalNanos[i];
        long now = 0;
        if (interval > 0) {
            now = clock.getAsLong();
            if (heldValue[i] != UNAVAILABLE && now - heldAtNanos[i] < interval) {
                return heldValue[i];
            }
        }
        long v = primary[i].readDecimal();
        if (v < 0) {
            secondaryFailed = false;
            return UNAVAILABLE;
        }
        KeptFile amps = secondary[i];
        if (amps != null) {
            long a = amps.readDecimal();
            if (a < 0) {
                secondaryFailed = true;
                return UNAVAILABLE;
            }
            v = sum[i] ? v + a : v * a; // µW + µW, or mV x mA = µW
        }
        if (interval > 0) {
            heldValue[i] = v;
            heldAtNanos[i] = now;
        }
        return v;
    }

    /** Names the file that failed in the last sample (built here, on the cold path). */
    @Override
    public String lastError() {
        int f = failedChannel;
        if (f == -2) {
            return "source closed";
        }
        if (f < 0) {
            return "";
        }
        HwmonChannel c = channels.get(f);
        return (failedSecondary && c.secondary() != null ? c.secondary() : c.primary())
                + " gave no number or a negative one (driver or firmware read failed)";
    }

    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < primary.length; i++) {
            if (primary[i] != null) {
                primary[i].close();
            }
            if (secondary[i] != null) {
                secondary[i].close();
            }
        }
    }
}
