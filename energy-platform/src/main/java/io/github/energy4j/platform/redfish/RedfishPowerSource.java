package io.github.energy4j.platform.redfish;

import io.github.energy4j.platform.internal.BackgroundPoller;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.Zone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One {@code platform} gauge per selected chassis, polled over HTTPS on a daemon thread.
 *
 * <p>Chassis selection: the Ids in {@code redfish.chassis} when set; otherwise the chassis of a
 * whole-node type ({@code RackMount}, {@code StandAlone}, {@code Blade}, {@code Sled}) that have a power
 * resource ({@code EnvironmentMetrics}, {@code PowerSubsystem} or {@code Power}) and are not contained
 * in another selected one; when there is none, every top-level chassis with a power resource. Sub-chassis (GPU baseboards, drive enclosures) are inside a node's reading
 * and would count twice.
 *
 * <p>Threading: {@link #read(long[])} on the sampler thread only; never blocks; allocation-free.
 */
public final class RedfishPowerSource implements PowerSource {

    private static final Set<String> NODE_TYPES = Set.of("RackMount", "StandAlone", "Blade", "Sled");

    private final RedfishClient client;
    private final List<RedfishResources.Chassis> chassis;
    private final List<Zone> zones;
    private final BackgroundPoller poller;
    /** Per chassis: metrics links of its power supplies in service; null until looked up (poll thread only). */
    private final String[][] supplyMetrics;
    private final long[] supplyMetricsAtNanos;

    /** How long power supply links are reused before they are looked up again. */
    static final long SUPPLIES_REFRESH_NANOS = 60_000_000_000L;

    private RedfishPowerSource(RedfishConfig config, RedfishClient client, List<RedfishResources.Chassis> chassis) {
        this.client = client;
        this.chassis = List.copyOf(chassis);
        List<Zone> z = new ArrayList<>();
        for (int i = 0; i < chassis.size(); i++) {
            z.add(Zone.microwattGauge(chassis.size() == 1 ? "platform" : "platform-" + i, i, Zone.Domain.PLATFORM,
                    Double.NaN, config.url() + chassis.get(i).uri()));
        }
        this.zones = List.copyOf(z);
        this.supplyMetrics = new String[chassis.size()][];
        this.supplyMetricsAtNanos = new long[chassis.size()];
        this.poller = new BackgroundPoller("energy4j-redfish", chassis.size(), this::fetch,
                config.interval().toNanos(), config.staleness().toNanos(), System::nanoTime);
    }

    /** Discovers the chassis, reads them once and starts the background poll. */
    static RedfishPowerSource open(RedfishConfig config) throws IOException, InterruptedException {
        RedfishClient client = new RedfishClient(config);
        try {
            RedfishPowerSource s = new RedfishPowerSource(config, client, discover(config, client));
            s.poller.fetchNow();
            s.poller.start();
            return s;
        } catch (IOException | InterruptedException | RuntimeException e) {
            client.close();
            throw e;
        } catch (Exception e) {
            client.close();
            throw new IOException(e.getMessage(), e);
        }
    }

    static List<RedfishResources.Chassis> discover(RedfishConfig config, RedfishClient client)
            throws IOException, InterruptedException {
        List<RedfishResources.Chassis> all = new ArrayList<>();
        for (String uri : RedfishResources.members(client.get("/redfish/v1/Chassis"))) {
            RedfishResources.Chassis c = RedfishResources.chassis(client.get(uri));
            if (c.environmentMetrics() != null || c.powerSubsystem() != null || c.power() != null) {
                all.add(c);
            }
        }
        List<RedfishResources.Chassis> chosen = new ArrayList<>();
        if (!config.chassis().isEmpty()) {
            for (RedfishResources.Chassis c : all) {
                if (config.chassis().contains(c.id())) {
                    chosen.add(c);
                }
            }
            if (chosen.size() != config.chassis().size()) {
                throw new IOException("redfish.chassis " + config.chassis() + " not all found with a power resource; "
                        + "chassis with power: " + ids(all));
            }
            return chosen;
        }
        Set<String> nodeUris = new HashSet<>();
        for (RedfishResources.Chassis c : all) {
            if (NODE_TYPES.contains(c.type())) {
                nodeUris.add(c.uri());
            }
        }
        for (RedfishResources.Chassis c : all) {
            boolean pick = nodeUris.isEmpty() ? c.containedBy() == null
                    : nodeUris.contains(c.uri()) && !nodeUris.contains(c.containedBy());
            if (pick) {
                chosen.add(c);
            }
        }
        if (chosen.isEmpty()) {
            throw new IOException("no chassis under /redfish/v1/Chassis has EnvironmentMetrics, PowerSubsystem or Power");
        }
        return chosen;
    }

    private static List<String> ids(List<RedfishResources.Chassis> list) {
        List<String> ids = new ArrayList<>();
        for (RedfishResources.Chassis c : list) {
            ids.add(c.id());
        }
        return ids;
    }

    /**
     * Background thread: one reading per chassis, EnvironmentMetrics first, then the power supplies of
     * the PowerSubsystem, then the deprecated Power resource.
     */
    private void fetch(long[] microwatts) throws IOException, InterruptedException {
        IOException first = null;
        for (int i = 0; i < chassis.size(); i++) {
            try {
                double w = watts(i);
                microwatts[i] = Math.round(w * 1e6);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private double watts(int index) throws IOException, InterruptedException {
        RedfishResources.Chassis c = chassis.get(index);
        IOException failure = null;
        if (c.environmentMetrics() != null) {
            try {
                double w = RedfishResources.environmentPowerWatts(client.get(c.environmentMetrics()));
                if (w >= 0) {
                    return w;
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        if (c.powerSubsystem() != null) {
            try {
                double w = powerSubsystemWatts(index);
                if (w >= 0) {
                    return w;
                }
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (c.power() != null) {
            try {
                double w = RedfishResources.powerControlWatts(client.get(c.power()));
                if (w >= 0) {
                    return w;
                }
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } // else report the EnvironmentMetrics failure: it is the primary resource
            }
        }
        if (failure != null) {
            throw failure;
        }
        throw new IOException("chassis " + c.id() + " reports no PowerWatts.Reading, no power supply "
                + "InputPowerWatts and no PowerConsumedWatts");
    }

    /**
     * The sum of {@code InputPowerWatts.Reading} over the chassis' power supplies in service
     * ({@code PowerSubsystem/PowerSupplies/*}/{@code Metrics}): wall-side power, PSU losses included.
     * NaN when the chassis lists no supply in service. A supply in service without a reading fails the
     * whole sum: leaving it out would under-report.
     *
     * <p>The metrics links are looked up once and again every {@link #SUPPLIES_REFRESH_NANOS}
     * (supplies are hot-pluggable). After a failure they are looked up again on the next poll, or,
     * when the chassis also has the Power resource to fall back to, only after that period: a BMC
     * whose supplies publish no metrics is not asked 2N+2 extra requests every poll.
     */
    private double powerSubsystemWatts(int index) throws IOException, InterruptedException {
        long now = System.nanoTime();
        String[] metrics = supplyMetrics[index];
        if (metrics == null || now - supplyMetricsAtNanos[index] > SUPPLIES_REFRESH_NANOS) {
            supplyMetricsAtNanos[index] = now;
            try {
                metrics = supplyMetricsOf(chassis.get(index));
            } catch (IOException e) {
                forgetSupplies(index);
                throw e;
            }
            supplyMetrics[index] = metrics;
        }
        if (metrics.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (String m : metrics) {
            double w;
            try {
                w = RedfishResources.inputPowerWatts(client.get(m));
            } catch (IOException e) {
                forgetSupplies(index);
                throw e;
            }
            if (!(w >= 0)) {
                forgetSupplies(index);
                throw new IOException(m + " reports no InputPowerWatts.Reading");
            }
            sum += w;
        }
        return sum;
    }

    private void forgetSupplies(int index) {
        supplyMetrics[index] = chassis.get(index).power() != null ? NO_SUPPLIES : null;
    }

    private static final String[] NO_SUPPLIES = new String[0];

    /** The metrics links of the supplies in service; empty when there are none. */
    private String[] supplyMetricsOf(RedfishResources.Chassis c) throws IOException, InterruptedException {
        String collection = RedfishResources.powerSupplies(client.get(c.powerSubsystem()));
        if (collection == null) {
            return NO_SUPPLIES;
        }
        List<String> out = new ArrayList<>();
        for (String uri : RedfishResources.members(client.get(collection))) {
            RedfishResources.PowerSupply psu = RedfishResources.powerSupply(client.get(uri));
            if (!psu.inService()) {
                continue;
            }
            if (psu.metrics() == null) {
                throw new IOException("power supply " + uri + " is in service but links no Metrics");
            }
            out.add(psu.metrics());
        }
        return out.isEmpty() ? NO_SUPPLIES : out.toArray(new String[0]);
    }

    @Override
    public String id() {
        return RedfishPowerSourceProvider.ID;
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
        client.close();
    }
}
