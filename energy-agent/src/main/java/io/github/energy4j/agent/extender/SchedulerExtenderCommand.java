package io.github.energy4j.agent.extender;

import io.github.energy4j.agent.Args;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;

/**
 * {@code energy4j scheduler-extender --listen ADDR [--max-intensity G] [--prometheus URL] [--carbon-weight W]
 * [--node-zones FILE] [--node-zone NODE=ZONE]... [--default-zone Z] [--provider ID] [--tls-cert PEM --tls-key PEM]}:
 * a kube-scheduler HTTP extender that filters and prioritizes nodes by grid carbon intensity (and, with
 * {@code --prometheus}, by watts per busy CPU). Runs until SIGTERM/SIGINT.
 */
public final class SchedulerExtenderCommand {

    static final Set<String> VALUED = Set.of("listen", "max-intensity", "prometheus", "efficiency-query",
            "carbon-weight", "node-zones", "node-zone", "default-zone", "provider", "tls-cert", "tls-key",
            "efficiency-refresh");

    private SchedulerExtenderCommand() {
    }

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

    /** Runs until the process is stopped; returns the exit code. */
    public static int run(List<String> argv, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Running r = start(argv, System.getenv(), err);
        Runtime.getRuntime().addShutdownHook(new Thread(r::close, "energy4j-shutdown"));
        r.await();
        return 0;
    }

    /**
     * Parses and binds; usage problems (port in use included) are {@link UsageException}s.
     *
     * @param env environment for a live provider's tokens
     */
    public static Running start(List<String> argv, Map<String, String> env, PrintStream err) throws IOException {
        Args a = Args.parse("scheduler-extender", argv, VALUED, Set.of());
        if (!a.positional().isEmpty()) {
            throw new UsageException("scheduler-extender: unexpected argument '" + a.positional().get(0) + "'");
        }
        if (!a.has("listen")) {
            throw new UsageException("scheduler-extender: --listen HOST:PORT is required, e.g. 0.0.0.0:28283");
        }
        InetSocketAddress address;
        ListenAddress listen;
        try {
            listen = ListenAddress.parse(a.get("listen", ""));
            address = listen.resolve();
        } catch (IllegalArgumentException e) {
            throw new UsageException("scheduler-extender: " + e.getMessage());
        }
        double max = a.has("max-intensity") ? number(a, "max-intensity", 0, Double.MAX_VALUE) : Double.NaN;
        double weight = a.has("carbon-weight") ? number(a, "carbon-weight", 0, 1) : 0.7;
        String provider = a.get("provider", "").trim().toLowerCase(Locale.ROOT);
        if (!provider.isEmpty() && !provider.equals("embedded") && IntensityProviders.find(provider).isEmpty()) {
            throw new UsageException("scheduler-extender: unknown --provider " + provider + "; one of: "
                    + IntensityProviders.ids());
        }
        if (provider.equals("embedded")) {
            provider = "";
        }
        Map<String, String> byNode = new LinkedHashMap<>();
        if (a.has("node-zones")) {
            Path f = Path.of(a.get("node-zones", ""));
            List<String> lines;
            try {
                lines = Files.readAllLines(f);
            } catch (IOException e) {
                throw new UsageException("scheduler-extender: --node-zones " + f + " cannot be read (" + PemTls.why(e) + ")");
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
        for (String p : a.all("node-zone")) {
            pair(p.strip(), byNode, "--node-zone");
        }
        if (a.has("tls-cert") != a.has("tls-key")) {
            throw new UsageException("scheduler-extender: --tls-cert and --tls-key go together (PEM certificate chain "
                    + "and PKCS#8 key)");
        }
        SSLContext tls = null;
        NodeEfficiency efficiency = null;
        try {
            if (a.has("tls-cert")) {
                tls = PemTls.context(Path.of(a.get("tls-cert", "")), Path.of(a.get("tls-key", "")));
            }
            if (a.has("prometheus")) {
                Duration refresh = a.duration("efficiency-refresh", Duration.ofMinutes(1));
                efficiency = new NodeEfficiency(new PrometheusClient(a.get("prometheus", ""), Duration.ofSeconds(2)),
                        a.get("efficiency-query", NodeEfficiency.DEFAULT_QUERY), refresh);
            } else if (a.has("efficiency-query")) {
                throw new IllegalArgumentException("--efficiency-query needs --prometheus URL");
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("scheduler-extender: " + e.getMessage());
        }
        CarbonPlacement placement = new CarbonPlacement(new NodeZones(byNode, a.get("default-zone", "").strip()),
                new ZoneIntensities(provider, env), efficiency, max, weight);
        ExtenderServer server;
        try {
            server = new ExtenderServer(address, placement, tls);
        } catch (BindException e) {
            throw new UsageException("scheduler-extender: cannot listen on " + listen.host() + ":" + listen.port() + " ("
                    + e.getMessage() + "); stop what uses the port or pick another with --listen HOST:PORT");
        }
        err.println("energy4j scheduler-extender: " + (tls != null ? "https" : "http") + "://" + listen.host() + ":"
                + server.port() + "/{filter,prioritize}, intensity from " + (provider.isEmpty() ? "embedded data" : provider)
                + (Double.isNaN(max) ? "" : ", --max-intensity " + max + " g/kWh")
                + (efficiency != null ? ", carbon weight " + weight + " with efficiency from " + a.get("prometheus", "")
                : ", carbon only") + ", " + byNode.size() + " mapped nodes");
        return new Running(server);
    }

    private static void pair(String text, Map<String, String> into, String where) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new UsageException("scheduler-extender: " + where + " must be NODE=ZONE (e.g. worker-1=aws:eu-west-1), "
                    + "was '" + text + "'");
        }
        into.put(text.substring(0, eq).strip(), text.substring(eq + 1).strip());
    }

    private static double number(Args a, String flag, double min, double max) {
        String v = a.get(flag, "");
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("scheduler-extender: --" + flag + " must be a number, was '" + v + "'");
        }
        if (!(d >= min && d <= max)) {
            throw new UsageException("scheduler-extender: --" + flag + " must be between " + min + " and "
                    + (max == Double.MAX_VALUE ? "any finite number" : max) + ", was '" + v + "'");
        }
        return d;
    }
}
