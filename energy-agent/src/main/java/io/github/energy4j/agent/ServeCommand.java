package io.github.energy4j.agent;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.agent.kepler.KeplerOptions;
import io.github.energy4j.agent.gpu.GpuService;
import io.github.energy4j.agent.gpu.GpuServiceOptions;
import io.github.energy4j.agent.serve.AgentHttpServer;
import io.github.energy4j.agent.serve.BasicAuthFile;
import io.github.energy4j.agent.serve.Exporter;
import io.github.energy4j.agent.serve.GpuNames;
import io.github.energy4j.agent.serve.ListenAddress;
import io.github.energy4j.agent.serve.MetricsLevel;
import io.github.energy4j.agent.serve.Naming;
import io.github.energy4j.agent.serve.PemTls;
import io.github.energy4j.spi.GridIntensity;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;

/**
 * {@code energy4j serve}: the node agent. Meters the node in the background and serves {@code /metrics}
 * until SIGTERM/SIGINT (a shutdown hook stops the server and the meter).
 */
final class ServeCommand {

    private ServeCommand() {
    }

    /** A started agent; {@link #close()} stops it. */
    static final class Running implements AutoCloseable {
        private final EnergyMeter meter;
        private final AgentHttpServer server;
        private final Exporter exporter;
        private final GpuService gpu;
        private final CountDownLatch closed = new CountDownLatch(1);

        Running(EnergyMeter meter, AgentHttpServer server, Exporter exporter, GpuService gpu) {
            this.meter = meter;
            this.server = server;
            this.exporter = exporter;
            this.gpu = gpu;
        }

        /** The GPU service; null when off. */
        GpuService gpu() {
            return gpu;
        }

        int port() {
            return server.port();
        }

        Exporter exporter() {
            return exporter;
        }

        void await() throws InterruptedException {
            closed.await();
        }

        @Override
        public void close() {
            if (closed.getCount() == 0) {
                return;
            }
            server.close();
            if (gpu != null) {
                gpu.close();
            }
            exporter.close();
            meter.close();
            closed.countDown();
        }
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Running r = start(argv, err);
        Thread hook = new Thread(r::close, "energy4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        r.await();
        return 0;
    }

    /** Parses, opens the meter and binds; usage problems (port in use included) are {@link UsageException}s. */
    static Running start(List<String> given, PrintStream err) throws IOException {
        List<String> all = keplerOptions(given, err);
        List<String> carbonArgs = new ArrayList<>();
        List<String> argv = new ArrayList<>();
        ReportCommand.splitCarbonArgs(all, carbonArgs, argv);
        Set<String> valued = new HashSet<>(HostOptions.VALUED);
        valued.addAll(Set.of("listen", "metrics-level", "naming", "interval", "tls-cert", "tls-key", "basic-auth-file",
                "node-name"));
        valued.addAll(GpuServiceOptions.VALUED);
        Args a = Args.parse("serve", argv, valued, GpuServiceOptions.BOOLEANS, ReportCommand.CARBON_FLAGS);
        if (!a.positional().isEmpty()) {
            throw new UsageException("serve: unexpected argument '" + a.positional().get(0) + "'");
        }
        ListenAddress listen;
        Set<MetricsLevel> levels;
        String namingId;
        Naming naming;
        InetSocketAddress address;
        try {
            listen = ListenAddress.parse(a.get("listen", "127.0.0.1:28282"));
            namingId = a.choice("naming", "kepler", "kepler", "micrometer");
            levels = a.has("metrics-level") ? MetricsLevel.parse(a.get("metrics-level", ""))
                    : MetricsLevel.defaultFor(namingId);
            naming = Naming.of(namingId);
            address = listen.resolve();
        } catch (IllegalArgumentException e) {
            throw new UsageException("serve: " + e.getMessage());
        }
        Duration interval = a.duration("interval", Duration.ofSeconds(1));
        if (interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new UsageException("serve: --interval must be at least 100ms");
        }
        if (a.has("tls-cert") != a.has("tls-key")) {
            throw new UsageException("serve: --tls-cert and --tls-key go together (PEM certificate chain and PKCS#8 key)");
        }
        SSLContext tls = null;
        BasicAuthFile auth = null;
        try {
            if (a.has("tls-cert")) {
                tls = PemTls.context(Path.of(a.get("tls-cert", "")), Path.of(a.get("tls-key", "")));
            }
            if (a.has("basic-auth-file")) {
                Path f = Path.of(a.get("basic-auth-file", ""));
                List<String> lines;
                try {
                    lines = Files.readAllLines(f);
                } catch (IOException e) {
                    throw new IllegalArgumentException("--basic-auth-file " + f + " cannot be read ("
                            + PemTls.why(e) + ")");
                }
                auth = BasicAuthFile.parse(lines);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("serve: " + e.getMessage());
        }
        GpuServiceOptions gpuOptions;
        try {
            gpuOptions = GpuServiceOptions.parse(f -> a.has(f) ? a.get(f, "") : null, System::getenv,
                    Args::parseDuration);
        } catch (IllegalArgumentException e) {
            throw new UsageException("serve: " + e.getMessage());
        }
        GridIntensity grid = ReportCommand.gridIntensity("serve", carbonArgs);
        EnergyMeter meter;
        IdlePolicy idle = defaultIdlePolicy(a, namingId);
        try {
            // without process or VM series, containers are metered from their cgroup CPU counters: O(containers) per
            // sample; a VM's energy is that of its processes
            EnergyMeter.Builder b = HostOptions.builder("serve", a).interval(interval).gridIntensity(grid)
                    .processLevel(levels.contains(MetricsLevel.PROCESS) || levels.contains(MetricsLevel.VM));
            if (idle != null) {
                b.idlePolicy(idle);
            }
            meter = b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("serve: " + e.getMessage());
        }
        try {
            if (meter.zones().isEmpty()) {
                throw new UsageException("serve: no power source is available; run 'energy4j doctor' for reasons and "
                        + "remedies");
            }
            meter.start();
            Exporter exporter = new Exporter(meter, naming, levels, a.get("node-name", nodeName()),
                    Path.of(a.get("procfs", "/proc")), GpuNames.lookUp(meter.sources(), HostOptions.context(a)));
            if (grid instanceof io.github.energy4j.carbon.IntensitySource source) {
                exporter.gridIntensity(source); // energy4j_grid_intensity_grams_per_kwh{grid_zone,provider}
            }
            if (levels.contains(MetricsLevel.POD)) { // energy4j_pod_idle_joules, energy4j_*_carbon_grams
                try {
                    exporter.podCarbon(io.github.energy4j.agent.podcarbon.PodCarbon.start(HostOptions.context(a),
                            ReportCommand.cpus(Path.of(a.get("procfs", "/proc")))));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("serve: " + e.getMessage());
                }
            }
            AgentHttpServer server;
            try {
                server = new AgentHttpServer(address, exporter, tls, auth);
            } catch (BindException e) {
                exporter.close(); // and the pod-source client it owns
                throw new UsageException("serve: cannot listen on " + listen.host() + ":" + listen.port() + " ("
                        + e.getMessage() + "); stop what uses the port or pick another with --listen HOST:PORT");
            }
            GpuService gpu;
            try {
                gpu = GpuService.start(gpuOptions, meter.sources(), HostOptions.context(a), server, exporter.registry(),
                        a.get("node-name", nodeName()));
            } catch (IllegalArgumentException e) {
                server.close();
                exporter.close();
                throw new UsageException("serve: " + e.getMessage());
            }
            exporter.start();
            String scheme = tls != null ? "https" : "http";
            err.println("energy4j serve: " + scheme + "://" + listen.host() + ":" + server.port() + "/metrics, "
                    + meter.zones().size() + " zones, every " + meter.interval().toMillis() + " ms, levels " + levels
                    + ", attribution per " + meter.attributionLevel()
                    + ", idle policy " + (idle != null ? idle : a.get("idle-policy", "auto"))
                    + (auth != null ? ", basic auth (" + auth.users() + " users)" : "")
                    + (gpu != null ? ", " + gpu.describe() : ""));
            if (!address.getAddress().isLoopbackAddress() && (tls == null || auth == null)) {
                err.println("energy4j serve: note: listening beyond loopback without " + (tls == null ? "TLS" : "")
                        + (tls == null && auth == null ? " and " : "") + (auth == null ? "basic auth" : "")
                        + "; process names and pod names are readable by anyone who can reach the port");
            }
            return new Running(meter, server, exporter, gpu);
        } catch (RuntimeException | IOException e) {
            meter.close();
            throw e;
        }
    }

    /**
     * Kepler's flags and {@code --config.file} turned into energy4j options ({@link KeplerOptions}): settings without
     * an equivalent are reported on {@code err}, one line each; Kepler's log level is passed to slf4j-simple, which
     * reads it when the first logger is made.
     */
    static List<String> keplerOptions(List<String> argv, PrintStream err) {
        KeplerOptions.Translated k;
        try {
            k = KeplerOptions.translate(argv);
        } catch (IllegalArgumentException e) {
            throw new UsageException("serve: " + e.getMessage());
        }
        for (String w : k.warnings()) {
            err.println("energy4j serve: " + w);
        }
        if (!k.logLevel().isEmpty()) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", k.logLevel());
        }
        return k.argv();
    }

    /**
     * The idle policy {@code serve} sets when {@code --idle-policy} is not given: Kepler's usage-ratio rule under
     * {@code --naming kepler}, so that Kepler's numbers come out (active = energy x CPU usage ratio, processes
     * adding up to it); null (the meter's default, {@code auto}) otherwise.
     */
    static IdlePolicy defaultIdlePolicy(Args a, String naming) {
        return !a.has("idle-policy") && naming.equals("kepler") ? IdlePolicy.usageRatio() : null;
    }

    /** NODE_NAME (set by the DaemonSet from spec.nodeName), else the host name. */
    static String nodeName() {
        String n = System.getenv("NODE_NAME");
        if (n != null && !n.isBlank()) {
            return n;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
