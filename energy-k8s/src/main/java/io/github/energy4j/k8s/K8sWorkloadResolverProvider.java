package io.github.energy4j.k8s;

import io.github.energy4j.k8s.pods.PodMetadataService;
import io.github.energy4j.k8s.pods.PodView;
import io.github.energy4j.k8s.pods.PodSourceConfig;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.WorkloadResolver;
import io.github.energy4j.spi.WorkloadResolverProvider;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Provider {@code k8s}: containers and pods from cgroups, pod metadata from the kubelet or the API server
 * ({@code k8s.podSource}, see {@link PodSourceConfig#fromContext(SourceContext)}).
 */
public final class K8sWorkloadResolverProvider implements WorkloadResolverProvider {

    @Override
    public String id() {
        return "k8s";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Probe probe(SourceContext context) {
        try {
            Path procfs = context.procfs();
            if (Files.isReadable(procfs.resolve("self").resolve("cgroup")) || anyPidCgroupReadable(procfs)) {
                return Probe.available(List.of());
            }
            return Probe.unavailable("cannot read " + procfs.resolve("self/cgroup") + " nor any "
                            + procfs + "/[pid]/cgroup (not Linux, or procfs not mounted)",
                    "on Linux pass the proc root (--procfs /host/proc in a DaemonSet with hostPID: true and the"
                            + " host /proc mounted read-only)");
        } catch (RuntimeException e) {
            return Probe.unavailable("probing " + context.procfs() + " failed: " + e, "pass a readable --procfs");
        }
    }

    private static boolean anyPidCgroupReadable(Path procfs) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(procfs)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.isEmpty() && Character.isDigit(n.charAt(0)) && Files.isReadable(p.resolve("cgroup"))) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    @Override
    public WorkloadResolver open(SourceContext context) throws EnergySourceException {
        PodSourceConfig cfg;
        try {
            cfg = PodSourceConfig.fromContext(context);
        } catch (IllegalArgumentException e) {
            throw new EnergySourceException(EnergySourceException.Reason.CONFIGURATION, e.getMessage(),
                    "fix the k8s.* setting named above", e);
        }
        if (cfg == null) {
            return new K8sWorkloadResolver(context.procfs(), context.sysfs(), () -> PodView.EMPTY, null);
        }
        try {
            PodMetadataService service = PodMetadataService.start(cfg);
            return new K8sWorkloadResolver(context.procfs(), context.sysfs(), service::view, service);
        } catch (IOException e) {
            throw new EnergySourceException(EnergySourceException.Reason.CONFIGURATION, e.getMessage(),
                    "set k8s.caFile to the cluster CA bundle, or k8s.insecureSkipTlsVerify=true for a kubelet"
                            + " with a self-signed certificate", e);
        }
    }
}
