package io.github.energy4j.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.k8s.pods.PodJsonParser;
import io.github.energy4j.k8s.pods.PodView;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Workload;
import io.github.energy4j.spi.WorkloadResolver;
import io.github.energy4j.spi.WorkloadResolverProvider;
import io.github.energy4j.testing.FakeProcfs;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class K8sWorkloadResolverTest {

    public static final String APP = "09d185410c4e25236cc24717f881589bb0978b24eafd101624e627a4dd8d3439";
    static final String PAUSE = "d7dfb4a21fe1703a8537e60d5af248af729315d187b24a538102d14874c8117d";
    static final String WEB_UID_ = "03f3f104_3215_44f2_9686_d4dd1f05a7ed";
    static final String WEB_UID = "03f3f104-3215-44f2-9686-d4dd1f05a7ed";

    @TempDir
    Path tmp;

    public static PodView fixtureView() throws Exception {
        try (InputStream in = K8sWorkloadResolverTest.class.getResourceAsStream("/fixtures/kubelet/pods.json")) {
            return PodView.of(PodJsonParser.parseList(in).pods(), 1);
        }
    }

    private static String scope(String id) {
        return "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + WEB_UID_
                + ".slice/cri-containerd-" + id + ".scope\n";
    }

    @Test
    void shouldLabelContainerWithPodMetadataWhenViewKnowsIt() throws Exception {
        FakeProcfs p = FakeProcfs.create(tmp).process(100, "web", 5, 5, 1000).cgroup(100, scope(APP));
        PodView view = fixtureView();
        try (K8sWorkloadResolver r = new K8sWorkloadResolver(p.root(), () -> view, null)) {
            Workload w = r.resolve(100, 1000);
            assertEquals(APP, w.id());
            assertEquals("container", w.kind());
            assertEquals("containerd", w.runtime());
            assertEquals(WEB_UID, w.podUid());
            assertEquals(Map.of("qos", "burstable", "namespace", "shop", "pod", "web-7d9f8c6b5-x2x4p",
                    "container", "app"), w.labels());
        }
    }

    @Test
    void shouldLabelInitAndEphemeralContainersWithTheirType() throws Exception {
        String init = "1".repeat(64);
        String sidecar = "2".repeat(64);
        String debugger = "4".repeat(64);
        FakeProcfs p = FakeProcfs.create(tmp)
                .process(101, "migrate", 1, 1, 1001).cgroup(101, scope(init))
                .process(102, "envoy", 1, 1, 1002).cgroup(102, scope(sidecar))
                .process(103, "sh", 1, 1, 1003).cgroup(103, scope(debugger))
                .process(100, "web", 5, 5, 1000).cgroup(100, scope(APP));
        PodView view = fixtureView();
        K8sWorkloadResolver r = new K8sWorkloadResolver(p.root(), () -> view, null);
        Workload w = r.resolve(101, 1001);
        assertEquals("migrate", w.labels().get("container"));
        assertEquals("init", w.labels().get("container_type"));
        assertEquals("proxy", r.resolve(102, 1002).labels().get("container"));
        assertEquals("init", r.resolve(102, 1002).labels().get("container_type"), "a sidecar is declared as init");
        Workload dbg = r.resolve(103, 1003);
        assertEquals("debugger-abcde", dbg.labels().get("container"));
        assertEquals("ephemeral", dbg.labels().get("container_type"));
        assertEquals("shop", dbg.labels().get("namespace"));
        assertEquals(null, r.resolve(100, 1000).labels().get("container_type"), "regular containers carry none");
    }

    @Test
    void shouldLabelPauseContainerAsPodInfraWhenItHasNoStatusEntry() throws Exception {
        FakeProcfs p = FakeProcfs.create(tmp).process(99, "pause", 0, 0, 900).cgroup(99, scope(PAUSE));
        PodView view = fixtureView();
        Workload w = new K8sWorkloadResolver(p.root(), () -> view, null).resolve(99, 900);
        assertEquals(PAUSE, w.id());
        assertEquals(K8sWorkloadResolver.POD_INFRA, w.labels().get("container"));
        assertEquals("shop", w.labels().get("namespace"));
    }

    @Test
    void shouldAttachMetadataOnRefreshWhenItArrivesAfterResolve() throws Exception {
        FakeProcfs p = FakeProcfs.create(tmp).process(100, "web", 5, 5, 1000).cgroup(100, scope(APP));
        AtomicReference<PodView> current = new AtomicReference<>(PodView.EMPTY);
        K8sWorkloadResolver r = new K8sWorkloadResolver(p.root(), current::get, null);
        Workload before = r.resolve(100, 1000);
        assertEquals(Map.of("qos", "burstable"), before.labels());
        assertSame(before, r.refresh(before), "nothing new: same instance");
        current.set(fixtureView());
        Workload after = r.refresh(before);
        assertEquals("web-7d9f8c6b5-x2x4p", after.labels().get("pod"));
        assertEquals("app", after.labels().get("container"));
        assertEquals(APP, after.id());
    }

    @Test
    void shouldFillRuntimeFromMetadataWhenCgroupfsPathDoesNotNameIt() throws Exception {
        String crio = "5eed917563583925ffdbd40a64efb2aaffe58638e57add8becaf460fe74f5b1c";
        FakeProcfs p = FakeProcfs.create(tmp).process(7, "worker", 1, 1, 70)
                .cgroup(7, "2:cpu,cpuacct:/kubepods/besteffort/poda5c1f8d5-1919-434d-add7-4afaafdaef89/" + crio + "\n");
        PodView view = fixtureView();
        Workload w = new K8sWorkloadResolver(p.root(), () -> view, null).resolve(7, 70);
        assertEquals("crio", w.runtime());
        assertEquals("jobs", w.labels().get("namespace"));
        assertEquals("besteffort", w.labels().get("qos"));
    }

    @Test
    void shouldResolveHostAndPodLevelProcesses() throws Exception {
        FakeProcfs p = FakeProcfs.create(tmp)
                .process(1, "systemd", 1, 1, 1).cgroup(1, "0::/init.scope\n")
                .process(50, "conmon", 1, 1, 50).cgroup(50, "0::/kubepods.slice/kubepods-burstable.slice/"
                        + "kubepods-burstable-pod" + WEB_UID_ + ".slice/crio-conmon-" + APP + ".scope\n");
        PodView view = fixtureView();
        K8sWorkloadResolver r = new K8sWorkloadResolver(p.root(), () -> view, null);
        assertSame(Workload.HOST, r.resolve(1, 1));
        assertSame(Workload.HOST, r.resolve(12345, 1), "missing process");
        Workload pod = r.resolve(50, 50);
        assertEquals("pod", pod.kind());
        assertEquals(WEB_UID, pod.id());
        assertEquals("web-7d9f8c6b5-x2x4p", pod.labels().get("pod"));
    }

    @Test
    void shouldBeDiscoveredAndProbeAvailableWhenProcfsHasCgroupFiles() throws Exception {
        WorkloadResolverProvider provider = null;
        for (WorkloadResolverProvider wp : ServiceLoader.load(WorkloadResolverProvider.class)) {
            if (wp.id().equals("k8s")) {
                provider = wp;
            }
        }
        assertTrue(provider != null, "registered in META-INF/services");
        FakeProcfs p = FakeProcfs.create(tmp).process(100, "web", 5, 5, 1000).cgroup(100, scope(APP));
        SourceContext ctx = new SourceContext(p.root(), tmp.resolve("sys"), tmp.resolve("dev"), Map.of(),
                name -> null);
        assertTrue(provider.probe(ctx).available());
        try (WorkloadResolver r = provider.open(ctx)) {
            assertEquals(APP, r.resolve(100, 1000).id());
        }
        Probe none = provider.probe(SourceContext.of(tmp.resolve("missing"), tmp));
        assertFalse(none.available());
        assertFalse(none.reason().isEmpty());
        assertFalse(none.remedy().isEmpty());
    }

    @Test
    void shouldRefuseToOpenWhenPodSourceSettingIsUnknown() {
        FakeProcfs p = FakeProcfs.create(tmp).process(100, "web", 5, 5, 1000).cgroup(100, scope(APP));
        SourceContext ctx = new SourceContext(p.root(), tmp, tmp, Map.of("k8s.podSource", "etcd"), name -> null);
        io.github.energy4j.spi.EnergySourceException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.energy4j.spi.EnergySourceException.class, () -> new K8sWorkloadResolverProvider().open(ctx));
        assertEquals(io.github.energy4j.spi.EnergySourceException.Reason.CONFIGURATION, e.reason());
        assertTrue(e.getMessage().contains("kubelet, apiserver, none"), e.getMessage());
    }
}
