package io.github.energy4j.k8s.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodJsonParserTest {

    static final String APP_ID = "09d185410c4e25236cc24717f881589bb0978b24eafd101624e627a4dd8d3439";

    static byte[] fixture() throws IOException {
        try (InputStream in = PodJsonParserTest.class.getResourceAsStream("/fixtures/kubelet/pods.json")) {
            return in.readAllBytes();
        }
    }

    @Test
    void shouldReadPodIdentityAndResourceVersionFromPodList() throws IOException {
        byte[] b = fixture();
        PodJsonParser.PodList list = PodJsonParser.parseList(b, b.length);
        assertEquals("1200", list.resourceVersion());
        assertEquals(3, list.pods().size());
        PodInfo web = list.pods().get(0);
        assertEquals("03f3f104-3215-44f2-9686-d4dd1f05a7ed", web.uid());
        assertEquals("shop", web.namespace());
        assertEquals("web-7d9f8c6b5-x2x4p", web.name());
        assertEquals("node-a", web.nodeName());
        assertEquals("1180", web.resourceVersion());
    }

    @Test
    void shouldReadPodPhaseAndTellFinishedPods() throws IOException {
        byte[] b = fixture();
        List<PodInfo> pods = PodJsonParser.parseList(b, b.length).pods();
        assertEquals("Running", pods.get(0).phase());
        assertEquals("Pending", pods.get(2).phase());
        assertFalse(pods.get(0).terminal());
        assertFalse(pods.get(2).terminal());
        PodJsonParser.WatchEvent done = PodJsonParser.parseEvent("{\"type\":\"MODIFIED\",\"object\":{\"metadata\":"
                + "{\"uid\":\"u1\",\"name\":\"job\"},\"status\":{\"phase\":\"Succeeded\"}}}");
        assertEquals("Succeeded", done.pod().phase());
        assertTrue(done.pod().terminal());
        PodJsonParser.WatchEvent noPhase = PodJsonParser.parseEvent("{\"type\":\"ADDED\",\"object\":{\"metadata\":"
                + "{\"uid\":\"u2\"},\"status\":{\"phase\":null}}}");
        assertEquals("", noPhase.pod().phase());
        assertFalse(noPhase.pod().terminal());
    }

    @Test
    void shouldMapContainerIdsOfRegularInitAndEphemeralContainers() throws IOException {
        byte[] b = fixture();
        PodView view = PodView.of(PodJsonParser.parseList(b, b.length).pods(), 1);
        PodView.ContainerRef app = view.container(APP_ID);
        assertEquals("app", app.container().name());
        assertEquals("containerd", app.container().runtime());
        assertEquals(ContainerInfo.Type.CONTAINER, app.container().type());
        assertEquals(250, app.container().cpuRequestMillis());
        assertEquals(ContainerInfo.Type.INIT, view.container("1".repeat(64)).container().type());
        assertEquals(ContainerInfo.Type.EPHEMERAL, view.container("4".repeat(64)).container().type());
        assertEquals("crio", view.container("5eed917563583925ffdbd40a64efb2aaffe58638e57add8becaf460fe74f5b1c")
                .container().runtime());
    }

    @Test
    void shouldComputeEffectivePodCpuRequestWithSidecarsAndInitContainers() throws IOException {
        byte[] b = fixture();
        List<PodInfo> pods = PodJsonParser.parseList(b, b.length).pods();
        // regular 250m + 50m + sidecar 100m = 400m; init "migrate" alone needs 1000m, which is larger
        assertEquals(1000, pods.get(0).cpuRequestMillis());
        assertEquals(0, pods.get(1).cpuRequestMillis());
        assertEquals(2000, pods.get(2).cpuRequestMillis());
    }

    @Test
    void shouldLeaveContainerIdEmptyWhenContainerHasNotStarted() throws IOException {
        byte[] b = fixture();
        PodInfo pending = PodJsonParser.parseList(b, b.length).pods().get(2);
        assertEquals("", pending.containers().get(0).containerId());
        assertEquals(0, PodView.of(List.of(pending), 1).size() - 1);
        assertNull(PodView.of(List.of(pending), 1).container(""));
    }

    @Test
    void shouldParseWatchEventsIncludingBookmarkAndGoneError() throws IOException {
        PodJsonParser.WatchEvent added = PodJsonParser.parseEvent("{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\","
                + "\"metadata\":{\"name\":\"p\",\"namespace\":\"n\",\"uid\":\"u-1\",\"resourceVersion\":\"7\"}}}");
        assertEquals("ADDED", added.type());
        assertEquals("u-1", added.pod().uid());
        assertEquals("7", added.pod().resourceVersion());
        PodJsonParser.WatchEvent bookmark = PodJsonParser.parseEvent(
                "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"resourceVersion\":\"99\"}}}");
        assertEquals("99", bookmark.pod().resourceVersion());
        PodJsonParser.WatchEvent gone = PodJsonParser.parseEvent("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\","
                + "\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version:"
                + " 1 (1200)\",\"reason\":\"Expired\",\"code\":410}}");
        assertEquals(410, gone.errorCode());
        assertEquals("too old resource version: 1 (1200)", gone.message());
    }

    @Test
    void shouldRejectMalformedOrNonListJson() {
        byte[] cut = "{\"items\":[{\"metadata\":{\"uid\":".getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> PodJsonParser.parseList(cut, cut.length));
        byte[] status = "{\"kind\":\"Status\",\"code\":401}".getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> PodJsonParser.parseList(status, status.length));
        assertThrows(IOException.class, () -> PodJsonParser.parseEvent("{\"type\":\"ADDED\"}"));
    }

    @Test
    void shouldParseCpuQuantitiesInMillicores() {
        assertEquals(250, CpuQuantity.parseMillis("250m"));
        assertEquals(500, CpuQuantity.parseMillis("0.5"));
        assertEquals(2000, CpuQuantity.parseMillis("2"));
        assertEquals(1, CpuQuantity.parseMillis("100000n"), "rounded up");
        assertEquals(1500, CpuQuantity.parseMillis("1500m"));
        assertEquals(-1, CpuQuantity.parseMillis("lots"));
        assertEquals(-1, CpuQuantity.parseMillis("-1"));
    }
}
