package io.github.energy4j.agent.gpu;

import io.github.energy4j.SourceStatus;
import io.github.energy4j.agent.serve.AgentHttpServer;
import io.github.energy4j.k8s.K8sWorkloadResolverProvider;
import io.github.energy4j.nvml.source.NvmlPowerSourceProvider;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.WorkloadResolver;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the GPU monitor into {@code serve}: NVML, the pod resolver, the endpoints and the series. */
public final class GpuService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GpuService.class);

    private final GpuMonitor monitor;
    private final GpuEndpoints endpoints;

    private GpuService(GpuMonitor monitor, GpuEndpoints endpoints) {
        this.monitor = monitor;
        this.endpoints = endpoints;
    }

    /**
     * Starts the service when {@code options} ask for it: {@code on}, or {@code auto} with an NVML source in use.
     *
     * @return null when off
     * @throws IllegalArgumentException when {@code on} and no GPU can be read, saying what to do
     */
    public static GpuService start(GpuServiceOptions options, List<SourceStatus> sources, SourceContext context,
                                   AgentHttpServer server, MeterRegistry registry, String nodeName) {
        if (options.mode().equals("off")) {
            return null;
        }
        boolean nvml = false;
        for (SourceStatus s : sources) {
            nvml |= s.selected() && s.id().equals("nvml");
        }
        if (!nvml) {
            if (options.mode().equals("on")) {
                throw new IllegalArgumentException("--gpu-analysis on needs the NVML source; run 'energy4j doctor' "
                        + "to see why it is not used");
            }
            return null;
        }
        GpuMonitor monitor;
        try {
            monitor = GpuMonitor.open(NvmlPowerSourceProvider.library(context), options, context,
                    new ProcessOwners(context.procfs(), resolver(context)));
        } catch (EnergySourceException e) {
            if (options.mode().equals("on")) {
                throw new IllegalArgumentException("GPU analysis cannot open NVML: " + e.getMessage()
                        + (e.remedy().isEmpty() ? "" : "; " + e.remedy()));
            }
            LOG.warn("GPU analysis off, NVML cannot be opened: {}", e.getMessage());
            return null;
        }
        new GpuServiceMetrics(monitor, registry);
        GpuEndpoints endpoints = GpuEndpoints.register(server, monitor, nodeName);
        monitor.start();
        return new GpuService(monitor, endpoints);
    }

    private static WorkloadResolver resolver(SourceContext context) {
        K8sWorkloadResolverProvider p = new K8sWorkloadResolverProvider();
        try {
            return p.probe(context).available() ? p.open(context) : null;
        } catch (EnergySourceException | RuntimeException e) {
            LOG.warn("GPU processes will not be matched to pods: {}", e.getMessage());
            return null;
        }
    }

    public GpuMonitor monitor() {
        return monitor;
    }

    /** One line for serve's start-up banner. */
    public String describe() {
        GpuSettings s = monitor.settings();
        return "GPU analysis every " + s.analysisInterval().toSeconds() + " s over " + s.window().toSeconds()
                + " s" + (monitor.options().aiConfigured() ? ", LLM advice from " + java.net.URI.create(
                monitor.options().aiUrl()).getHost() + " (" + monitor.options().aiModel() + ")" : "");
    }

    @Override
    public void close() {
        endpoints.close();
        monitor.close();
    }
}
