package io.github.energy4j.k8s.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our API-server pod source against an implementation of the Kubernetes API that we did not write: fabric8's
 * {@code kubernetes-server-mock} in CRUD mode (an in-memory store with resourceVersion bookkeeping, PodList
 * documents and label/field selectors), over HTTPS with its own self-signed certificate, pods created, changed and
 * deleted with the fabric8 client.
 *
 * <p>What this server does not do, found by trying and pinned by
 * {@link #shouldFindThatTheMockServesWatchesOnlyOverWebSocketAndCannotSelectByNodeName}:
 * <ul>
 * <li>It serves watches only over WebSocket. A plain streaming {@code GET ...?watch=true} (what the real API server
 * serves, and what our client sends) gets {@code 400 "Connection" header must be "Upgrade"}. So the watch half of
 * list + watch cannot be checked here; it is checked against the scripted {@link LoopbackKubeServer} in
 * {@link PodMetadataServiceIT}. What is checked here is our fallback when a watch is refused: listing again, so that
 * added, changed and deleted pods still reach the view.</li>
 * <li>Its field selectors know only {@code metadata.name} and {@code metadata.namespace}; {@code spec.nodeName},
 * which a real API server evaluates for pods, matches nothing. {@link NodeIndexingDispatcher} stands in for that one
 * index: it rewrites the node field selector into a label selector on a label that the test gives each pod (equal
 * to its {@code spec.nodeName}). Storage, filtering, resourceVersions and the answers stay the mock's.</li>
 * </ul>
 */
class FabricKubeApiIT {

    private static final String NODE_LABEL = "test.energy4j.io/node";
    private static final String APP_ID = "a".repeat(64);
    private static final String APP_ID_RESTARTED = "b".repeat(64);
    private static final String LATE_ID = "c".repeat(64);
    private static final String OTHER_NODE_ID = "d".repeat(64);

    @TempDir
    Path tmp;
    KubernetesMockServer server;
    NamespacedKubernetesClient client;
    Path tokenFile;

    /** The mock's CRUD dispatcher plus the one index a real API server has for pods: {@code spec.nodeName}. */
    static final class NodeIndexingDispatcher extends KubernetesCrudDispatcher {
        private static final Pattern NODE_SELECTOR = Pattern.compile("fieldSelector=spec\\.nodeName%3D([A-Za-z0-9.-]+)");

        @Override
        public MockResponse handleGet(String path) {
            Matcher m = NODE_SELECTOR.matcher(path);
            return super.handleGet(m.find() ? m.replaceFirst("labelSelector=" + NODE_LABEL.replace("/", "%2F") + "%3D$1")
                    : path);
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new NodeIndexingDispatcher(), true);
        server.init();
        client = server.createClient();
        tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, "eyJhbGciOiJSUzI1NiJ9.fabric-token\n");
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private static Pod pod(String name, String node, String containerId, String cpu) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("shop").addToLabels(NODE_LABEL, node).endMetadata()
                .withNewSpec().withNodeName(node)
                .addNewContainer().withName("app").withImage("registry.example/app:1")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).endResources().endContainer()
                .endSpec()
                .withNewStatus().addNewContainerStatus().withName("app").withContainerID("containerd://" + containerId)
                .endContainerStatus().endStatus()
                .build();
    }

    private PodSourceConfig apiserver(Path ca) {
        return new PodSourceConfig(PodSourceConfig.Kind.APISERVER, URI.create("https://localhost:" + server.getPort()),
                "node-a", tokenFile, ca, false, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofMillis(200));
    }

    private Path mockCa() {
        return Path.of(server.getSelfSignedCertificate().certificatePath());
    }

    private static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Our requests (cluster-wide pod list and watch with the node selector) taken from the mock's log. */
    private List<String> ourRequestsSoFar() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            String line = r.getMethod() + " " + r.getPath();
            if (line.startsWith("GET /api/v1/pods?fieldSelector=")) {
                paths.add(line);
            }
        }
        return paths;
    }

    @Test
    void shouldFollowPodsAddedChangedAndDeletedOnTheMockApiServerByListingWhenItRefusesThePlainWatch()
            throws Exception {
        client.pods().inNamespace("shop").resource(pod("web", "node-a", APP_ID, "250m")).create();
        client.pods().inNamespace("shop").resource(pod("elsewhere", "node-b", OTHER_NODE_ID, "1")).create();
        String listRv = client.pods().inAnyNamespace().list().getMetadata().getResourceVersion();
        assertEquals(List.of(), ourRequestsSoFar());

        try (PodMetadataService s = PodMetadataService.start(apiserver(mockCa()))) {
            await(() -> s.view().pod(uid("web")) != null, "the pod of node-a from the mock's list");
            PodView.ContainerRef app = s.view().container(APP_ID);
            assertNotNull(app, "container id from the mock's status.containerStatuses");
            assertEquals("shop", app.pod().namespace());
            assertEquals("web", app.pod().name());
            assertEquals("app", app.container().name());
            assertEquals("containerd", app.container().runtime());
            assertEquals(250, app.pod().cpuRequestMillis());
            assertNull(s.view().container(OTHER_NODE_ID), "a pod of another node is not in our view");
            assertEquals(1, s.view().size());

            // the mock refuses the streaming watch; we report it and keep listing
            await(() -> s.status().lastError().contains("watch refused"), "the refused watch in the status");
            PodMetadataStatus st = s.status();
            assertEquals(PodMetadataStatus.State.DEGRADED, st.state());
            assertTrue(st.lastError().contains("HTTP 400") && st.lastError().contains("Upgrade"), st.lastError());
            assertTrue(!st.lastError().contains("fabric-token"), "token never in errors: " + st.lastError());
            Instant firstSuccess = st.lastSuccess();
            assertNotNull(firstSuccess);

            // added
            client.pods().inNamespace("shop").resource(pod("late", "node-a", LATE_ID, "100m")).create();
            await(() -> s.view().container(LATE_ID) != null, "the pod created after start");
            assertEquals(2, s.view().size());

            // changed: the app container restarted under a new id
            Pod web = client.pods().inNamespace("shop").withName("web").get();
            web.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("app")
                    .withContainerID("containerd://" + APP_ID_RESTARTED).build()));
            client.pods().inNamespace("shop").resource(web).updateStatus();
            await(() -> s.view().container(APP_ID_RESTARTED) != null, "the restarted container's new id");
            assertNull(s.view().container(APP_ID), "the old container id is gone");

            // deleted
            client.pods().inNamespace("shop").withName("late").delete();
            await(() -> s.view().container(LATE_ID) == null, "the deleted pod leaving the view");
            assertEquals(1, s.view().size());
            assertNull(s.view().container(OTHER_NODE_ID));
            assertTrue(s.status().lastSuccess().isAfter(firstSuccess), "lastSuccess moves with each list");
            assertEquals(PodMetadataStatus.State.DEGRADED, s.status().state(), "still degraded: no watch");
        }

        List<String> ours = ourRequestsSoFar();
        String firstList = ours.get(0);
        assertEquals("GET /api/v1/pods?fieldSelector=spec.nodeName%3Dnode-a", firstList);
        String firstWatch = ours.stream().filter(p -> p.contains("watch=true")).findFirst().orElseThrow();
        assertTrue(firstWatch.contains("fieldSelector=spec.nodeName%3Dnode-a"), firstWatch);
        assertTrue(firstWatch.contains("resourceVersion=" + listRv),
                "the watch starts at the resourceVersion of the mock's list (" + listRv + "): " + firstWatch);
        assertTrue(ours.stream().filter(p -> !p.contains("watch=true")).count() >= 4,
                "listed again after each refused watch: " + ours);
    }

    @Test
    void shouldRefuseTheMockServersCertificateWhenItIsNotTrusted() throws Exception {
        client.pods().inNamespace("shop").resource(pod("web", "node-a", APP_ID, "250m")).create();
        // the JDK's default trust store does not hold the mock's self-signed certificate
        try (PodMetadataService s = PodMetadataService.start(apiserver(null))) {
            await(() -> s.status().errorCount() > 0, "the TLS failure");
            assertEquals(0, s.view().size(), "nothing read over an untrusted connection");
            assertEquals(PodMetadataStatus.State.DEGRADED, s.status().state());
        }
    }

    /** Pins the two limitations stated in the class doc, so that a mock version that lifts them is noticed. */
    @Test
    void shouldFindThatTheMockServesWatchesOnlyOverWebSocketAndCannotSelectByNodeName() throws Exception {
        client.pods().inNamespace("shop").resource(pod("web", "node-a", APP_ID, "250m")).create();
        HttpClient http = HttpClient.newBuilder().sslContext(KubeHttp.sslContext(mockCa(), false)).build();

        HttpResponse<String> watch = http.send(HttpRequest.newBuilder(URI.create(server.url(
                "/api/v1/pods?watch=true&resourceVersion=1"))).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, watch.statusCode(), watch.body());
        assertTrue(watch.body().contains("Upgrade"), watch.body());

        // without our node index the mock's own field selector drops every pod
        KubernetesMockServer plain = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), true);
        plain.init();
        try (NamespacedKubernetesClient c = plain.createClient()) {
            c.pods().inNamespace("shop").resource(pod("web", "node-a", APP_ID, "250m")).create();
            HttpClient h = HttpClient.newBuilder()
                    .sslContext(KubeHttp.sslContext(Path.of(plain.getSelfSignedCertificate().certificatePath()), false))
                    .build();
            String all = h.send(HttpRequest.newBuilder(URI.create(plain.url("/api/v1/pods"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String byNode = h.send(HttpRequest.newBuilder(URI.create(plain.url(
                    "/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-a"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertEquals(1, PodJsonParser.parseList(all.getBytes(), all.length()).pods().size(), all);
            assertEquals(0, PodJsonParser.parseList(byNode.getBytes(), byNode.length()).pods().size(), byNode);
        } finally {
            plain.destroy();
        }
    }

    private String uid(String name) {
        return client.pods().inNamespace("shop").withName(name).get().getMetadata().getUid();
    }
}
