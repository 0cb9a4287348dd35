package io.github.energy4j.agent.extender;

import io.github.energy4j.agent.Cli;
import io.github.energy4j.agent.CliCommand;
import io.github.energy4j.agent.UsageException;
import io.github.energy4j.internal.prometheus.PrometheusClient;
import io.github.energy4j.agent.serve.ListenAddress;
import io.github.energy4j.agent.serve.PemTls;
import io.github.energy4j.carbon.providers.IntensityProviders;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code energy4j scheduler-extender --listen ADDR [--max-intensity G] [--prometheus URL] [--carbon-weight W]
 * [--node-zones FILE] [--node-zone NODE=ZONE]... [--default-zone Z] [--provider ID] [--tls-cert PEM --tls-key PEM]}:
 * a kube-scheduler HTTP extender that filters and prioritizes nodes by grid carbon intensity (and, with
 * {@code --prometheus}, by watts per busy CPU). Runs until SIGTERM/SIGINT.
 */
@Command(name = "scheduler-extender", description = {"kube-scheduler extender: filter and prioritize nodes by grid "
        + "carbon intensity and, with --prometheus, by watts per busy CPU."})
public final class SchedulerExtenderCommand extends CliCommand {

    @Option(names = "--listen", paramLabel = "HOST:PORT", required = true, description = "where to serve, e.g. "
            + "0.0.0.0:28283")
    private String listen;

    @Option(names = "--max-intensity", paramLabel = "G", description = "filter out nodes whose grid is above G g "
            + "CO2e/kWh (x PUE); all are kept when all are above")
    private Double maxIntensity;

    @Option(names = "--prometheus", paramLabel = "URL", description = "score efficiency too, from the agents' series "
            + "in this Prometheus")
    private String prometheus;

    @Option(names = "--efficiency-query", paramLabel = "PROMQL", description = "with --prometheus: watts per busy "
            + "CPU per node (default over kepler_node_cpu_watts)")
    private String efficiencyQuery;

    @Option(names = "--efficiency-refresh", paramLabel = "D", defaultValue = "1m", description = "with --prometheus: "
            + "how often the efficiency is queried (default 1m)")
    private Duration efficiencyRefresh;

    @Option(names = "--carbon-weight", paramLabel = "W", description = "share of carbon in the score, 0 to 1; the "
            + "rest is efficiency (default 0.7)")
    private Double carbonWeight;

    @Option(names = "--node-zones", paramLabel = "F", description = "a file of NODE=ZONE lines (# comments)")
    private String nodeZones;

    @Option(names = "--node-zone", paramLabel = "NODE=ZONE", description = "a node's grid zone, e.g. "
            + "worker-1=aws:eu-west-1; repeatable")
    private List<String> nodeZone = new ArrayList<>();

    @Option(names = "--default-zone", paramLabel = "Z", description = "the zone of nodes neither mapped nor labelled")
    private String defaultZone;

    @Option(names = "--provider", paramLabel = "ID", description = "the intensity provider (default embedded data)")
    private String provider;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "serve HTTPS with this certificate chain (with "
            + "--tls-key)")
    private String tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "the PKCS#8 key of --tls-cert")
    private String tlsKey;

    /** A started extender. */
    public static final class Running implements AutoCloseable {
        private final ExtenderServer server;
        private final CountDownLatch closed = new CountDownLatch(1);

        Running(ExtenderServer server) {
            this.server = server;
        }

        /** The bound port. */
        public int port() {
            return server.port();
        }

        void await() throws InterruptedException {
            closed.await();
        }

        @Override
        public void close() {
            if (closed.getCount() > 0) {
                server.close();
                closed.countDown();
            }
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Running r = start(env, err);
        Runtime.getRuntime().addShutdownHook(new Thread(r::close, "energy4j-shutdown"));
        r.await();
        return 0;
    }

    /**
     * Parses {@code argv} and binds, as {@code energy4j scheduler-extender} does before it waits.
     *
     * @param env environment for a live provider's tokens
     * @throws UsageException for a bad option or an unusable input (port in use included)
     */
    public static Running start(List<String> argv, Map<String, String> env, PrintStream err) throws IOException {
        return Cli.parse(new SchedulerExtenderCommand(), argv).start(env, err);
    }

    private Running start(Map<String, String> env, PrintStream err) throws IOException {
        InetSocketAddress address;
        ListenAddress listen;
        try {
            listen = ListenAddress.parse(this.listen);
            address = listen.resolve();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        double max = maxIntensity == null ? Double.NaN : number("--max-intensity", maxIntensity, 0, Double.MAX_VALUE);
        double weight = carbonWeight == null ? 0.7 : number("--carbon-weight", carbonWeight, 0, 1);
        String provider = this.provider == null ? "" : this.provider.trim().toLowerCase(Locale.ROOT);
        if (!provider.isEmpty() && !provider.equals("embedded") && IntensityProviders.find(provider).isEmpty()) {
            throw new UsageException("unknown --provider " + provider + "; one of: " + IntensityProviders.ids());
        }
        if (provider.equals("embedded")) {
            provider = "";
        }
        Map<String, String> byNode = new LinkedHashMap<>();
        if (nodeZones != null) {
            Path f = Path.of(nodeZones);
            List<String> lines;
            try {
                lines = Files.readAllLines(f);
            } catch (IOException e) {
                throw new UsageException("--node-zones " + f + " cannot be read (" + PemTls.why(e) + ")");
            }
            int n = 0;
            for (String line : lines) {
                n++;
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    pair(t, byNode, "--node-zones " + f + " line " + n);
                }
            }
        }
        for (String p : nodeZone) {
            pair(p.strip(), byNode, "--node-zone");
        }
        if ((tlsCert != null) != (tlsKey != null)) {
            throw new UsageException("--tls-cert and --tls-key go together (PEM certificate chain and PKCS#8 key)");
        }
        SSLContext tls = null;
        NodeEfficiency efficiency = null;
        try {
            if (tlsCert != null) {
                tls = PemTls.context(Path.of(tlsCert), Path.of(tlsKey));
            }
            if (prometheus != null) {
                efficiency = new NodeEfficiency(new PrometheusClient(prometheus, Duration.ofSeconds(2)),
                        efficiencyQuery != null ? efficiencyQuery : NodeEfficiency.DEFAULT_QUERY, efficiencyRefresh);
            } else if (efficiencyQuery != null) {
                throw new IllegalArgumentException("--efficiency-query needs --prometheus URL");
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        CarbonPlacement placement = new CarbonPlacement(new NodeZones(byNode, defaultZone == null ? ""
                : defaultZone.strip()), new ZoneIntensities(provider, env), efficiency, max, weight);
        ExtenderServer server;
        try {
            server = new ExtenderServer(address, placement, tls);
        } catch (BindException e) {
            throw new UsageException("cannot listen on " + listen.host() + ":" + listen.port() + " ("
                    + e.getMessage() + "); stop what uses the port or pick another with --listen HOST:PORT");
        }
        err.println("energy4j scheduler-extender: " + (tls != null ? "https" : "http") + "://" + listen.host() + ":"
                + server.port() + "/{filter,prioritize}, intensity from " + (provider.isEmpty() ? "embedded data" : provider)
                + (Double.isNaN(max) ? "" : ", --max-intensity " + max + " g/kWh")
                + (efficiency != null ? ", carbon weight " + weight + " with efficiency from " + prometheus
                : ", carbon only") + ", " + byNode.size() + " mapped nodes");
        return new Running(server);
    }

    private static void pair(String text, Map<String, String> into, String where) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new UsageException(where + " must be NODE=ZONE (e.g. worker-1=aws:eu-west-1), "
                    + "was '" + text + "'");
        }
        into.put(text.substring(0, eq).strip(), text.substring(eq + 1).strip());
    }

    private static double number(String option, double d, double min, double max) {
        if (!(d >= min && d <= max)) {
            throw new UsageException(option + " must be between " + min + " and "
                    + (max == Double.MAX_VALUE ? "any finite number" : max) + ", was '" + d + "'");
        }
        return d;
    }
}
