package io.github.energy4j.agent;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.IdlePolicy;
import io.github.energy4j.agent.carbon.CarbonOptions;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code energy4j serve}: the node agent. Meters the node in the background and serves {@code /metrics}
 * until SIGTERM/SIGINT (a shutdown hook stops the server and the meter). Kepler's flags and {@code --config.file}
 * are turned into these options before they are parsed ({@link #keplerOptions}).
 */
@Command(name = "serve", description = {"The node agent: Prometheus /metrics and /healthz, with CO2e series when a "
        + "grid is given (--region, --country or --intensity), and the GPU monitor.",
        "Kepler's flags and --config.file YAML are accepted too (README: Switching from Kepler)."})
final class ServeCommand extends CliCommand {

    @Mixin
    HostOptions host;

    @Mixin
    CarbonOptions carbon;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:28282", description = "where to "
            + "serve (default 127.0.0.1:28282; 0.0.0.0:28282 for every interface)")
    String listen;

    @Option(names = "--naming", paramLabel = "N", defaultValue = "kepler", description = "kepler|micrometer: the "
            + "series names (default kepler)")
    String naming;

    @Option(names = "--metrics-level", paramLabel = "L[,L]", description = "node,container,pod,process,vm (default: "
            + "all with Kepler names, node,container,pod with Micrometer names)")
    String metricsLevel;

    @Option(names = "--interval", paramLabel = "D", defaultValue = "1s", description = "time between samples, at "
            + "least 100ms (default 1s)")
    Duration interval;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "serve HTTPS with this certificate chain (with "
            + "--tls-key)")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "the PKCS#8 key of --tls-cert")
    String tlsKey;

    @Option(names = "--basic-auth-file", paramLabel = "F", description = "ask for basic auth, users from F "
            + "(user:sha256:HEX or user:plain:PASSWORD per line)")
    String basicAuthFile;

    @Option(names = "--node-name", paramLabel = "N", description = "the node label (default NODE_NAME, else the host "
            + "name)")
    String nodeName;

    @Option(names = "--gpu-analysis", paramLabel = "M", description = "GPU monitor: auto|on|off (default "
            + "GPU_ANALYSIS, else auto: on when the meter reads NVML)")
    String gpuAnalysis;

    @Option(names = "--gpu-analysis-interval", paramLabel = "D", description = "GPU monitor: time between analyses, "
            + "1s to 24h (default GPU_ANALYSIS_INTERVAL, else 300s)")
    String gpuAnalysisInterval;

    @Option(names = "--gpu-window", paramLabel = "D", description = "GPU monitor: the window analysed, 2s to 1h "
            + "(default GPU_WINDOW, else 10m)")
    String gpuWindow;

    @Option(names = "--gpu-low-threshold", paramLabel = "SCORE", description = "GPU monitor: score under which a GPU "
            + "counts as low utilisation, 0 to 100 (default GPU_LOW_THRESHOLD, else 20)")
    String gpuLowThreshold;

    @Option(names = "--gpu-workers", paramLabel = "N", description = "GPU monitor: concurrent LLM requests, 1 to 64 "
            + "(default GPU_WORKERS, else 8)")
    String gpuWorkers;

    @Option(names = "--ai-url", paramLabel = "URL", description = "GPU monitor: an OpenAI-compatible "
            + "chat-completions URL for advice (default AI_URL, else none; key from AI_API_KEY)")
    String aiUrl;

    @Option(names = "--ai-model", paramLabel = "M", description = "GPU monitor: the model (default AI_MODEL, else "
            + GpuServiceOptions.DEFAULT_MODEL + ")")
    String aiModel;

    @Option(names = "--ai-timeout", paramLabel = "D", description = "GPU monitor: per LLM request, 100ms to 10m "
            + "(default AI_TIMEOUT, else 20s)")
    String aiTimeout;

    @Option(names = "--gpu-config-update", description = "GPU monitor: let POST /config/update change the settings "
            + "(needs basic auth; default GPU_CONFIG_UPDATE=true, else off)")
    boolean gpuConfigUpdate;

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

    @Override
    public Integer call() throws IOException, InterruptedException {
        Running r = start();
        Thread hook = new Thread(r::close, "energy4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        r.await();
        return 0;
    }

    /**
     * Starts the agent for {@code given} (Kepler's options included), writing its notes to {@code err}: what
     * {@code energy4j serve} does before it waits.
     *
     * @throws UsageException for a bad option or an unusable input (port in use included)
     */
    static Running start(List<String> given, PrintStream err) throws IOException {
        ServeCommand c = Cli.parse(new ServeCommand(), keplerOptions(given, err));
        c.io(err, err, System.getenv());
        return c.start();
    }

    /** Opens the meter and binds; usage problems (port in use included) are {@link UsageException}s. */
    Running start() throws IOException {
        ListenAddress listen;
        Set<MetricsLevel> levels;
        String namingId;
        Naming naming;
        InetSocketAddress address;
        try {
            listen = ListenAddress.parse(this.listen);
            namingId = Cli.choice("--naming", this.naming, "kepler", "micrometer");
            levels = metricsLevel != null ? MetricsLevel.parse(metricsLevel) : MetricsLevel.defaultFor(namingId);
            naming = Naming.of(namingId);
            address = listen.resolve();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new UsageException("--interval must be at least 100ms");
        }
        if ((tlsCert != null) != (tlsKey != null)) {
            throw new UsageException("--tls-cert and --tls-key go together (PEM certificate chain and PKCS#8 key)");
        }
        SSLContext tls = null;
        BasicAuthFile auth = null;
        try {
            if (tlsCert != null) {
                tls = PemTls.context(Path.of(tlsCert), Path.of(tlsKey));
            }
            if (basicAuthFile != null) {
                Path f = Path.of(basicAuthFile);
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
            throw new UsageException(e.getMessage());
        }
        GpuServiceOptions gpuOptions;
        try {
            gpuOptions = GpuServiceOptions.parse(this::gpuFlag, env::get, DurationConverter::parse);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        GridIntensity grid = ReportCommand.gridIntensity(carbon, env);
        EnergyMeter meter;
        IdlePolicy idle = defaultIdlePolicy(host, namingId);
        String node = nodeName != null ? nodeName : nodeName(env);
        try {
            // without process or VM series, containers are metered from their cgroup CPU counters: O(containers) per
            // sample; a VM's energy is that of its processes
            EnergyMeter.Builder b = host.builder().interval(interval).gridIntensity(grid)
                    .processLevel(levels.contains(MetricsLevel.PROCESS) || levels.contains(MetricsLevel.VM));
            if (idle != null) {
                b.idlePolicy(idle);
            }
            meter = b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            if (meter.zones().isEmpty()) {
                throw new UsageException("no power source is available; run 'energy4j doctor' for reasons and "
                        + "remedies");
            }
            meter.start();
            Exporter exporter = new Exporter(meter, naming, levels, node, host.procfs(),
                    GpuNames.lookUp(meter.sources(), host.context()));
            if (grid instanceof io.github.energy4j.carbon.IntensitySource source) {
                exporter.gridIntensity(source); // energy4j_grid_intensity_grams_per_kwh{grid_zone,provider}
            }
            if (levels.contains(MetricsLevel.POD)) { // energy4j_pod_idle_joules, energy4j_*_carbon_grams
                try {
                    exporter.podCarbon(io.github.energy4j.agent.podcarbon.PodCarbon.start(host.context(),
                            ReportCommand.cpus(host.procfs())));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
            }
            AgentHttpServer server;
            try {
                server = new AgentHttpServer(address, exporter, tls, auth);
            } catch (BindException e) {
                exporter.close(); // and the pod-source client it owns
                throw new UsageException("cannot listen on " + listen.host() + ":" + listen.port() + " ("
                        + e.getMessage() + "); stop what uses the port or pick another with --listen HOST:PORT");
            }
            GpuService gpu;
            try {
                gpu = GpuService.start(gpuOptions, meter.sources(), host.context(), server, exporter.registry(), node);
            } catch (IllegalArgumentException e) {
                server.close();
                exporter.close();
                throw new UsageException(e.getMessage());
            }
            exporter.start();
            String scheme = tls != null ? "https" : "http";
            err.println("energy4j serve: " + scheme + "://" + listen.host() + ":" + server.port() + "/metrics, "
                    + meter.zones().size() + " zones, every " + meter.interval().toMillis() + " ms, levels " + levels
                    + ", attribution per " + meter.attributionLevel()
                    + ", idle policy " + (idle != null ? idle : host.idlePolicyGiven() ? host.idlePolicy : "auto")
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

    /** The value of a GPU monitor option (named without its dashes), or null when not given. */
    private String gpuFlag(String name) {
        return switch (name) {
            case "gpu-analysis" -> gpuAnalysis;
            case "gpu-analysis-interval" -> gpuAnalysisInterval;
            case "gpu-window" -> gpuWindow;
            case "gpu-low-threshold" -> gpuLowThreshold;
            case "gpu-workers" -> gpuWorkers;
            case "ai-url" -> aiUrl;
            case "ai-model" -> aiModel;
            case "ai-timeout" -> aiTimeout;
            case "gpu-config-update" -> gpuConfigUpdate ? "true" : null;
            default -> null;
        };
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
            throw new UsageException(e.getMessage());
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
    static IdlePolicy defaultIdlePolicy(HostOptions host, String naming) {
        return !host.idlePolicyGiven() && naming.equals("kepler") ? IdlePolicy.usageRatio() : null;
    }

    /** NODE_NAME (set by the DaemonSet from spec.nodeName), else the host name. */
    static String nodeName(Map<String, String> env) {
        String n = env.get("NODE_NAME");
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
