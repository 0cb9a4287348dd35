package io.github.energy4j.k8s.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodMetadataServiceIT {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.secret-token-one";
    private static final String TOKEN2 = "eyJhbGciOiJSUzI1NiJ9.secret-token-two";

    @TempDir
    static Path tmp;
    static LoopbackKubeServer server;
    static String podsJson;
    static Path tokenFile;

    @BeforeAll
    static void startServer() throws Exception {
        server = new LoopbackKubeServer(tmp);
        podsJson = new String(PodJsonParserTest.fixture(), StandardCharsets.UTF_8);
        tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static PodSourceConfig kubelet(Path ca, boolean insecure) {
        return new PodSourceConfig(PodSourceConfig.Kind.KUBELET, server.uri("/pods"), "node-a", tokenFile, ca,
                insecure, Duration.ofMillis(100), Duration.ofMillis(700), Duration.ofSeconds(5),
                Duration.ofMillis(100));
    }

    private static PodSourceConfig apiserver() {
        return new PodSourceConfig(PodSourceConfig.Kind.APISERVER, server.uri(""), "node-a", tokenFile,
                server.caPem, false, Duration.ofMillis(100), Duration.ofMillis(700), Duration.ofSeconds(5),
                Duration.ofMillis(100));
    }

    private static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void shouldServeKubeletPodsAndKeepLastGoodViewThrough401And500AndMalformedAndSlowAnswers() throws Exception {
        server.script = (ex, pq) -> LoopbackKubeServer.respond(ex, 200, podsJson);
        try (PodMetadataService s = PodMetadataService.start(kubelet(server.caPem, false))) {
            assertTrue(s.awaitVersion(1, Duration.ofSeconds(10)));
            assertEquals(3, s.view().size());
            assertEquals("app", s.view().container(PodJsonParserTest.APP_ID).container().name());
            assertEquals("Bearer " + TOKEN, server.authHeaders.get(server.authHeaders.size() - 1));
            assertEquals(PodMetadataStatus.State.OK, s.status().state());

            String[][] failures = {{"401", "401"}, {"500", "HTTP 500"}, {"malformed", "malformed"},
                {"slow", "within"}};
            for (String[] f : failures) {
                long errorsBefore = s.status().errorCount();
                server.script = (ex, pq) -> {
                    switch (f[0]) {
                        case "401" -> LoopbackKubeServer.respond(ex, 401,
                                "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Unauthorized\",\"code\":401}");
                        case "500" -> LoopbackKubeServer.respond(ex, 500, "internal error");
                        case "malformed" -> LoopbackKubeServer.respond(ex, 200, podsJson.substring(0, 400));
                        default -> {
                            Thread.sleep(1500);
                            LoopbackKubeServer.respond(ex, 200, podsJson);
                        }
                    }
                };
                await(() -> s.status().errorCount() > errorsBefore && s.status().lastError().contains(f[1]),
                        "error " + f[0]);
                PodMetadataStatus st = s.status();
                assertEquals(PodMetadataStatus.State.DEGRADED, st.state(), f[0]);
                assertEquals(3, s.view().size(), "last good view kept after " + f[0]);
                assertFalse(st.lastError().contains("secret-token"), "token never in errors: " + st.lastError());
                assertNotNull(st.lastErrorAt());
            }

            // Recovery, and a rotated token is sent without a restart
            Files.writeString(tokenFile, TOKEN2 + "\n");
            server.script = (ex, pq) -> LoopbackKubeServer.respond(ex, 200, podsJson);
            await(() -> s.status().state() == PodMetadataStatus.State.OK, "recovery");
            await(() -> server.authHeaders.contains("Bearer " + TOKEN2), "rotated token");
        } finally {
            Files.writeString(tokenFile, TOKEN + "\n");
        }
    }

    @Test
    void shouldShareOneRefreshBetweenHandlesOfOneConfigurationUntilTheLastCloses() throws Exception {
        server.script = (ex, pq) -> LoopbackKubeServer.respond(ex, 200, podsJson);
        PodSourceConfig cfg = kubelet(null, true);
        PodMetadataService first = PodMetadataService.start(cfg);
        try (PodMetadataService second = PodMetadataService.start(kubelet(null, true));
             PodMetadataService other = PodMetadataService.start(new PodSourceConfig(cfg.kind(), cfg.url(),
                     cfg.nodeName(), cfg.tokenFile(), cfg.caFile(), true, Duration.ofMillis(150),
                     cfg.requestTimeout(), cfg.watchTimeout(), cfg.maxBackoff()))) {
            assertTrue(first.sharesCacheWith(second), "equal configurations share one cache");
            assertFalse(first.sharesCacheWith(other), "another poll interval is another source");
            assertTrue(second.awaitVersion(1, Duration.ofSeconds(10)));
            assertEquals(3, first.view().size());

            // one poller at 100 ms for the two handles: at most about 10 requests a second, not 20
            other.close();
            Thread.sleep(300);
            int before = server.authHeaders.size();
            Thread.sleep(1000);
            int polls = server.authHeaders.size() - before;
            assertTrue(polls <= 13, polls + " kubelet requests in one second: more than one poller");

            // the first handle closes (twice: the second close does nothing); the second keeps following the kubelet
            first.close();
            first.close();
            long version = second.view().version();
            await(() -> second.view().version() > version, "a refresh after the first handle closed");
            assertEquals(PodMetadataStatus.State.OK, second.status().state());
        } finally {
            first.close();
        }
        // the last handle closed: the refresh stopped, no more requests
        Thread.sleep(300);
        int after = server.authHeaders.size();
        Thread.sleep(500);
        assertEquals(after, server.authHeaders.size(), "no poll after the last handle closed");
    }

    private static void awaitLong(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // guard only
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void shouldKeepLastGoodViewThrough429AndAHugeBodyAndRecover() throws Exception {
        server.script = (ex, pq) -> LoopbackKubeServer.respond(ex, 200, podsJson);
        // a generous request timeout, so that the size limit and not the clock ends the huge answer
        PodSourceConfig patient = new PodSourceConfig(PodSourceConfig.Kind.KUBELET, server.uri("/pods"), "node-a",
                tokenFile, server.caPem, false, Duration.ofMillis(100), Duration.ofSeconds(20), Duration.ofSeconds(5),
                Duration.ofMillis(100));
        try (PodMetadataService s = PodMetadataService.start(patient)) {
            assertTrue(s.awaitVersion(1, Duration.ofSeconds(10)));
            long errorsBefore = s.status().errorCount();
            server.script = (ex, pq) -> LoopbackKubeServer.respond(ex, 429, "{\"kind\":\"Status\",\"code\":429}");
            await(() -> s.status().errorCount() > errorsBefore && s.status().lastError().contains("429"), "429");
            assertEquals(3, s.view().size(), "last good view kept after 429");

            long errorsBeforeHuge = s.status().errorCount();
            server.script = (ex, pq) -> {
                // a body that never ends: the client must stop reading at its limit
                OutputStream os = LoopbackKubeServer.startChunked(ex);
                byte[] filler = "{\"items\":[".getBytes(StandardCharsets.UTF_8);
                byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
                try {
                    os.write(filler);
                    for (long sent = 0; sent <= 2L * PodReflector.MAX_LIST_BYTES; sent += chunk.length) {
                        os.write(chunk);
                    }
                } catch (IOException e) {
                    // the client hung up once the limit was reached
                }
            };
            awaitLong(() -> s.status().errorCount() > errorsBeforeHuge
                    && s.status().lastError().contains("larger than"), "huge body refused");
            assertEquals(PodMetadataStatus.State.DEGRADED, s.status().state());
            assertEquals(3, s.view().size(), "last good view kept after a huge body");

            server.script = (ex, pq) -> LoopbackKubeServer.respond(ex, 200, podsJson);
            await(() -> s.status().state() == PodMetadataStatus.State.OK, "recovery");
        }
    }

    @Test
    void shouldReportTheAddressAndRetryWhenTheKubeletIsDown() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        PodSourceConfig down = new PodSourceConfig(PodSourceConfig.Kind.KUBELET,
                java.net.URI.create("https://127.0.0.1:" + port + "/pods"), "node-a", tokenFile, server.caPem, false,
                Duration.ofMillis(100), Duration.ofMillis(700), Duration.ofSeconds(5), Duration.ofMillis(100));
        try (PodMetadataService s = PodMetadataService.start(down)) {
            await(() -> s.status().errorCount() >= 2, "retries");
            assertTrue(s.status().lastError().contains("127.0.0.1:" + port), s.status().lastError());
            assertEquals(0, s.view().size(), "no invented pods");
        }
    }

    @Test
    void shouldRejectUntrustedCertificateByDefaultAndAcceptItOnlyWhenInsecureIsSet() throws Exception {
        server.script = (ex, pq) -> LoopbackKubeServer.respond(ex, 200, podsJson);
        // JDK default trust store: the self-signed loopback certificate is not trusted
        try (PodMetadataService s = PodMetadataService.start(kubelet(null, false))) {
            await(() -> s.status().errorCount() > 0, "TLS failure");
            assertEquals(0, s.view().size());
            assertEquals(PodMetadataStatus.State.DEGRADED, s.status().state());
        }
        try (PodMetadataService s = PodMetadataService.start(kubelet(null, true))) {
            assertTrue(s.awaitVersion(1, Duration.ofSeconds(10)));
            assertEquals(3, s.view().size());
        }
    }

    @Test
    void shouldListThenWatchAndResumeAfterDropAndRelistAfterGone() throws Exception {
        AtomicInteger lists = new AtomicInteger();
        AtomicInteger watches = new AtomicInteger();
        String pod3 = "{\"metadata\":{\"name\":\"late\",\"namespace\":\"shop\",\"uid\":\"aaaaaaaa-0000-0000-0000-000000000003\","
                + "\"resourceVersion\":\"1201\"},\"spec\":{\"nodeName\":\"node-a\",\"containers\":[{\"name\":\"c\"}]},"
                + "\"status\":{\"containerStatuses\":[{\"name\":\"c\",\"containerID\":\"containerd://" + "c".repeat(64)
                + "\"}]}}";
        String delBatch = "{\"metadata\":{\"name\":\"batch-job-q8w7e\",\"namespace\":\"jobs\","
                + "\"uid\":\"a5c1f8d5-1919-434d-add7-4afaafdaef89\",\"resourceVersion\":\"1202\"}}";
        String relisted = "{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"2000\"},\"items\":[" + pod3 + "]}";
        server.script = (ex, pq) -> {
            if (!pq.contains("watch=true")) {
                int n = lists.incrementAndGet();
                LoopbackKubeServer.respond(ex, 200, n == 1 ? podsJson : relisted);
                return;
            }
            int w = watches.incrementAndGet();
            if (w == 1) {
                OutputStream os = LoopbackKubeServer.startChunked(ex);
                LoopbackKubeServer.event(os, "{\"type\":\"ADDED\",\"object\":" + pod3 + "}");
                LoopbackKubeServer.event(os, "{\"type\":\"DELETED\",\"object\":" + delBatch + "}");
                throw new IllegalStateException("drop the connection mid-stream");
            } else if (w == 2) {
                OutputStream os = LoopbackKubeServer.startChunked(ex);
                LoopbackKubeServer.event(os, "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"status\":"
                        + "\"Failure\",\"message\":\"too old resource version\",\"reason\":\"Expired\",\"code\":410}}");
                os.close();
            } else {
                Thread.sleep(200); // a quiet watch that the server ends
                LoopbackKubeServer.startChunked(ex).close();
            }
        };
        server.requests.clear();
        try (PodMetadataService s = PodMetadataService.start(apiserver())) {
            await(() -> lists.get() >= 2, "relist after 410");
            await(() -> s.view().size() == 1, "view from the second list");
            assertNotNull(s.view().container("c".repeat(64)));
            assertTrue(s.status().lastError().contains("dropped"), s.status().lastError());
        }
        String firstList = server.requests.get(0);
        assertTrue(firstList.startsWith("/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-a"), firstList);
        assertFalse(firstList.contains("watch=true"));
        assertTrue(server.requests.get(1).contains("watch=true") && server.requests.get(1).contains("resourceVersion=1200"),
                server.requests.get(1));
        // resumed from the last event seen before the drop, not from the list
        assertTrue(server.requests.get(2).contains("resourceVersion=1202"), server.requests.get(2));
        assertFalse(server.requests.get(3).contains("watch=true"), "410 leads to a list: " + server.requests.get(3));
    }

    @Test
    void shouldShowIntermediateWatchStateBeforeDrop() throws Exception {
        AtomicInteger lists = new AtomicInteger();
        String pod3 = "{\"metadata\":{\"name\":\"late\",\"namespace\":\"shop\",\"uid\":\"aaaaaaaa-0000-0000-0000-000000000003\","
                + "\"resourceVersion\":\"1201\"},\"spec\":{\"nodeName\":\"node-a\"}}";
        server.script = (ex, pq) -> {
            if (!pq.contains("watch=true")) {
                lists.incrementAndGet();
                LoopbackKubeServer.respond(ex, 200, podsJson);
                return;
            }
            OutputStream os = LoopbackKubeServer.startChunked(ex);
            LoopbackKubeServer.event(os, "{\"type\":\"ADDED\",\"object\":" + pod3 + "}");
            Thread.sleep(3000); // stay open: the view must already show the added pod
            os.close();
        };
        try (PodMetadataService s = PodMetadataService.start(apiserver())) {
            await(() -> s.view().size() == 4, "pod added by the watch");
            assertEquals("late", s.view().pod("aaaaaaaa-0000-0000-0000-000000000003").name());
            assertEquals(1, lists.get());
        }
    }

    @Test
    void shouldKeepFollowingPodsByListingWhileTheWatchIsRefusedAndGoBackToWatchingWhenAccepted() throws Exception {
        String pod3 = "{\"metadata\":{\"name\":\"late\",\"namespace\":\"shop\",\"uid\":\"aaaaaaaa-0000-0000-0000-000000000003\","
                + "\"resourceVersion\":\"1300\"},\"spec\":{\"nodeName\":\"node-a\"}}";
        String withLate = podsJson.replaceFirst("\"items\"\\s*:\\s*\\[", "\"items\":[" + pod3.replace("$", "\\$") + ",");
        AtomicInteger lists = new AtomicInteger();
        AtomicInteger watches = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean(true);
        server.script = (ex, pq) -> {
            if (!pq.contains("watch=true")) {
                // the third and later lists show a pod that was added meanwhile
                LoopbackKubeServer.respond(ex, 200, lists.incrementAndGet() >= 3 ? withLate : podsJson);
                return;
            }
            watches.incrementAndGet();
            if (refuse.get()) {
                LoopbackKubeServer.respond(ex, 403, "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":"
                        + "\"pods is forbidden: User cannot watch resource pods\",\"reason\":\"Forbidden\",\"code\":403}");
            } else {
                OutputStream os = LoopbackKubeServer.startChunked(ex);
                Thread.sleep(3000);
                os.close();
            }
        };
        try (PodMetadataService s = PodMetadataService.start(apiserver())) {
            await(() -> s.view().size() == 4, "the added pod, seen by listing again after the refused watch");
            assertEquals("late", s.view().pod("aaaaaaaa-0000-0000-0000-000000000003").name());
            PodMetadataStatus st = s.status();
            assertEquals(PodMetadataStatus.State.DEGRADED, st.state(), "listing works, watching does not");
            assertTrue(st.lastError().contains("watch refused") && st.lastError().contains("403")
                    && st.lastError().contains("cannot watch"), st.lastError());
            assertNotNull(st.lastSuccess());

            refuse.set(false);
            await(() -> s.status().state() == PodMetadataStatus.State.OK, "watching again");
            int listsWhenWatching = lists.get();
            Thread.sleep(500);
            assertEquals(listsWhenWatching, lists.get(), "no more lists while a watch is open");
        }
    }

    @Test
    void shouldBackOffInsteadOfSpinningWhenTheServerEndsEveryWatchAtOnce() throws Exception {
        AtomicInteger watches = new AtomicInteger();
        server.script = (ex, pq) -> {
            if (!pq.contains("watch=true")) {
                LoopbackKubeServer.respond(ex, 200, podsJson);
                return;
            }
            watches.incrementAndGet();
            LoopbackKubeServer.startChunked(ex).close(); // 200, then the end of the stream, no event
        };
        PodSourceConfig slowRetry = new PodSourceConfig(PodSourceConfig.Kind.APISERVER, server.uri(""), "node-a",
                tokenFile, server.caPem, false, Duration.ofMillis(100), Duration.ofMillis(700), Duration.ofSeconds(5),
                Duration.ofMillis(400));
        try (PodMetadataService s = PodMetadataService.start(slowRetry)) {
            assertTrue(s.awaitVersion(1, Duration.ofSeconds(10)));
            await(() -> watches.get() >= 2, "a second watch");
            int before = watches.get();
            Thread.sleep(2000);
            // 2 s at a 400 ms backoff allow about 5 retries; without the backoff this is hundreds
            int during = watches.get() - before;
            assertTrue(during <= 8, "watches in 2 s: " + during);
            assertEquals(3, s.view().size());
        }
    }

    @Test
    void shouldCloseAndResumeAWatchThatStaysOpenPastItsTimeoutAsADeadConnection() throws Exception {
        String pod3 = "{\"metadata\":{\"name\":\"late\",\"namespace\":\"shop\",\"uid\":\"aaaaaaaa-0000-0000-0000-000000000003\","
                + "\"resourceVersion\":\"1201\"},\"spec\":{\"nodeName\":\"node-a\"}}";
        AtomicInteger watches = new AtomicInteger();
        server.script = (ex, pq) -> {
            if (!pq.contains("watch=true")) {
                LoopbackKubeServer.respond(ex, 200, podsJson);
                return;
            }
            OutputStream os = LoopbackKubeServer.startChunked(ex);
            if (watches.incrementAndGet() == 1) {
                LoopbackKubeServer.event(os, "{\"type\":\"ADDED\",\"object\":" + pod3 + "}");
            }
            Thread.sleep(30_000); // neither data nor an end: what a peer that vanished looks like
            os.close();
        };
        server.requests.clear();
        // timeoutSeconds=1 asked of the server; 1 s + the 700 ms request timeout later the stream is presumed dead
        PodSourceConfig shortWatch = new PodSourceConfig(PodSourceConfig.Kind.APISERVER, server.uri(""), "node-a",
                tokenFile, server.caPem, false, Duration.ofMillis(100), Duration.ofMillis(700), Duration.ofSeconds(1),
                Duration.ofMillis(100));
        try (PodMetadataService s = PodMetadataService.start(shortWatch)) {
            await(() -> watches.get() >= 2, "a new watch after the stalled one was cut");
            assertEquals(4, s.view().size(), "the event before the stall is kept");
            assertTrue(s.status().lastError().contains("dead connection"), s.status().lastError());
        }
        String resumed = server.requests.stream().filter(r -> r.contains("watch=true")).skip(1).findFirst().orElseThrow();
        assertTrue(resumed.contains("resourceVersion=1201"), "resumed from the last event: " + resumed);
    }
}
