package io.github.energy4j.nvml.analysis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.energy4j.nvml.analysis.GpuAdvisor;
import io.github.energy4j.nvml.analysis.GpuAnalysisConfig;
import io.github.energy4j.nvml.analysis.GpuUsageAnalyzer;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.spi.SourceContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a loopback HTTP server replaying chat-completions answers. */
class ChatCompletionsGpuAdvisorIT {

    private static final String KEY = "sk-test-0123456789";
    private static final String ANSWER = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m",
             "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant",
             "content":"```json\\n{\\"status\\": \\"suspicious\\", \\"confidence\\": 0.82, \\"reason\\": \\"20 GiB held at 0% SM\\", \\"suggestion\\": \\"kill the idle notebook\\"}\\n```"}}],
             "usage":{"prompt_tokens":10,"completion_tokens":10,"total_tokens":20}}
            """;

    private HttpServer server;
    private final AtomicReference<String> requestBody = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private volatile int status = 200;
    private volatile String body = ANSWER;
    private volatile long delayMs;
    /** The first this many requests answer HTTP 503, the later ones {@code status}. */
    private volatile int failFirst;
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    /** When set, the server sends the headers and the first half of {@code body}, then stalls until released. */
    private volatile boolean stallInBody;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requestBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            if (requests.incrementAndGet() <= failFirst) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(status, stallInBody ? 0 : b.length);
            try (OutputStream os = exchange.getResponseBody()) {
                if (stallInBody) {
                    os.write(b, 0, b.length / 2);
                    os.flush();
                    release.await(10, TimeUnit.SECONDS);
                }
                os.write(b);
            } catch (IOException ignored) {
                // client gave up (timeout tests)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private SourceContext context(String timeoutSeconds) {
        return context(timeoutSeconds, "0");
    }

    private SourceContext context(String timeoutSeconds, String retries) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions";
        return new SourceContext(Path.of("proc"), Path.of("sys"), Path.of("dev"), Map.of(
                ChatCompletionsGpuAdvisor.ENABLED_KEY, "true",
                ChatCompletionsGpuAdvisor.ENDPOINT_KEY, url,
                ChatCompletionsGpuAdvisor.MODEL_KEY, "test-model",
                ChatCompletionsGpuAdvisor.API_KEY_ENV_KEY, "GPU_ADVISOR_KEY",
                ChatCompletionsGpuAdvisor.TIMEOUT_KEY, timeoutSeconds,
                ChatCompletionsGpuAdvisor.RETRIES_KEY, retries,
                ChatCompletionsGpuAdvisor.BACKOFF_KEY, "50"),
                Map.of("GPU_ADVISOR_KEY", KEY)::get);
    }

    private static GpuUsageReport zombie() {
        GpuUsageAnalyzer a = new GpuUsageAnalyzer(GpuAnalysisConfig.defaults());
        a.describe(0, "GPU-secret-uuid", "Stub H100", 700);
        a.record(0, 0, 0, 20.0 * (1 << 30), 90, 345, 1);
        a.record(0, 1_000_000_000L, 0, 20.0 * (1 << 30), 90, 345, 1);
        return a.report(0);
    }

    @Test
    void shouldParseAdviceFromChatAnswerAndSendModelReportAndKey() throws Exception {
        GpuAdvisor.Advice advice = new ChatCompletionsGpuAdvisor().advise(zombie(), context("5"));
        assertEquals("suspicious", advice.status());
        assertEquals(0.82, advice.confidence(), 1e-9);
        assertEquals("20 GiB held at 0% SM", advice.reason());
        assertEquals("kill the idle notebook", advice.suggestion());
        assertEquals("chat", advice.advisor());
        assertEquals("Bearer " + KEY, authorization.get());
        String sent = requestBody.get();
        assertTrue(sent.contains("\"model\":\"test-model\""), sent);
        assertTrue(sent.contains("suspicious") && sent.contains("Stub H100"), sent);
        assertFalse(sent.contains("GPU-secret-uuid"), "the UUID stays on the host");
    }

    @Test
    void shouldNameTheKeyVariableButNotTheKeyWhenRejected() {
        status = 401;
        body = "{\"error\":{\"message\":\"Incorrect API key provided\"}}";
        GpuAdvisor.AdvisorException e = assertThrows(GpuAdvisor.AdvisorException.class,
                () -> new ChatCompletionsGpuAdvisor().advise(zombie(), context("5")));
        assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("GPU_ADVISOR_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void shouldReportServerErrorStatus() {
        status = 500;
        body = "oops";
        GpuAdvisor.AdvisorException e = assertThrows(GpuAdvisor.AdvisorException.class,
                () -> new ChatCompletionsGpuAdvisor().advise(zombie(), context("5")));
        assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
    }

    @Test
    void shouldGiveUpAfterTheConfiguredTimeout() {
        delayMs = 3000;
        long start = System.nanoTime();
        GpuAdvisor.AdvisorException e = assertThrows(GpuAdvisor.AdvisorException.class,
                () -> new ChatCompletionsGpuAdvisor().advise(zombie(), context("0.3")));
        assertTrue(e.getMessage().contains("no answer within"), e.getMessage());
        assertTrue(System.nanoTime() - start < 2_500_000_000L, "did not wait for the slow server");
    }

    @Test
    void shouldGiveUpAfterTheConfiguredTimeoutWhenTheBodyStallsAfterTheHeaders() {
        stallInBody = true;
        long start = System.nanoTime();
        GpuAdvisor.AdvisorException e = assertThrows(GpuAdvisor.AdvisorException.class,
                () -> new ChatCompletionsGpuAdvisor().advise(zombie(), context("0.3")));
        assertTrue(e.getMessage().contains("no answer within"), e.getMessage());
        assertTrue(System.nanoTime() - start < 2_500_000_000L, "did not wait for the stalled body");
    }

    @Test
    void shouldRefuseAnAnswerLargerThanTheLimit() {
        // a valid answer, padded past the limit with whitespace a JSON parser would skip
        body = ANSWER + " ".repeat(ChatCompletionsGpuAdvisor.MAX_BODY_BYTES);
        GpuAdvisor.AdvisorException e = assertThrows(GpuAdvisor.AdvisorException.class,
                () -> new ChatCompletionsGpuAdvisor().advise(zombie(), context("5")));
        assertTrue(e.getMessage().contains("larger than " + ChatCompletionsGpuAdvisor.MAX_BODY_BYTES + " bytes"),
                e.getMessage());
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void shouldFallBackToTheRuleAdvisorWhenTheChatEndpointStalls() {
        stallInBody = true;
        SourceContext context = context("0.3");
        List<GpuAdvisor> advisors = GpuAdvisor.loadAll(context);
        assertEquals(List.of("chat", "rules"), advisors.stream().map(GpuAdvisor::id).toList());
        long start = System.nanoTime();
        GpuAdvisor.Advice advice = GpuAdvisor.firstAdvice(advisors, zombie(), context);
        assertTrue(System.nanoTime() - start < 2_500_000_000L, "did not wait for the stalled body");
        assertEquals("rules", advice.advisor());
        assertEquals("suspicious", advice.status());
    }

    @Test
    void shouldRejectGarbageAndAnswersWithoutAValidStatus() {
        body = "<html>bad gateway</html>";
        GpuAdvisor.AdvisorException e = assertThrows(GpuAdvisor.AdvisorException.class,
                () -> new ChatCompletionsGpuAdvisor().advise(zombie(), context("5")));
        assertTrue(e.getMessage().contains("not JSON"), e.getMessage());

        body = "{\"choices\":[{\"message\":{\"content\":\"I think it is fine\"}}]}";
        e = assertThrows(GpuAdvisor.AdvisorException.class,
                () -> new ChatCompletionsGpuAdvisor().advise(zombie(), context("5")));
        assertTrue(e.getMessage().contains("requested JSON object"), e.getMessage());

        body = "{\"choices\":[{\"message\":{\"content\":\"{\\\"status\\\":\\\"busy\\\",\\\"confidence\\\":0.5}\"}}]}";
        e = assertThrows(GpuAdvisor.AdvisorException.class,
                () -> new ChatCompletionsGpuAdvisor().advise(zombie(), context("5")));
        assertTrue(e.getMessage().contains("no valid status"), e.getMessage());
    }

    @Test
    void shouldBeOffByDefaultAndLoadTheRuleAdvisorAlways() {
        SourceContext plain = SourceContext.of(Path.of("proc"), Path.of("sys"));
        assertFalse(new ChatCompletionsGpuAdvisor().enabled(plain));
        assertEquals(1, GpuAdvisor.loadAll(plain).size());
        assertEquals("rules", GpuAdvisor.loadAll(plain).get(0).id());
        assertEquals("chat", GpuAdvisor.loadAll(context("5")).get(0).id());
        GpuAdvisor.Advice advice = GpuAdvisor.firstAdvice(GpuAdvisor.loadAll(plain), zombie(), plain);
        assertEquals("suspicious", advice.status());
    }

    @Test
    void shouldRetryServerErrorsWithBackoffAndThenAnswer() throws Exception {
        failFirst = 2;
        long start = System.nanoTime();
        GpuAdvisor.Advice advice = new ChatCompletionsGpuAdvisor().advise(zombie(), context("5", "2"));
        assertEquals("suspicious", advice.status());
        assertEquals(3, requests.get(), "two 503s, then the answer");
        assertTrue(System.nanoTime() - start >= 150_000_000L, "waited 50 ms, then 100 ms between attempts");
    }

    @Test
    void shouldStopRetryingAfterTheConfiguredAttemptsAndSaySo() {
        failFirst = 10;
        GpuAdvisor.AdvisorException e = assertThrows(GpuAdvisor.AdvisorException.class,
                () -> new ChatCompletionsGpuAdvisor().advise(zombie(), context("5", "1")));
        assertTrue(e.getMessage().contains("HTTP 503") && e.getMessage().contains("after 2 attempts"), e.getMessage());
        assertEquals(2, requests.get());
    }

    @Test
    void shouldNotRetryAMalformedAnswer() {
        body = "{\"choices\":[{\"message\":{\"content\":\"not json at all\"}}]}";
        assertThrows(GpuAdvisor.AdvisorException.class,
                () -> new ChatCompletionsGpuAdvisor().advise(zombie(), context("5", "3")));
        assertEquals(1, requests.get());
    }

    @Test
    void shouldReadReasonsActionsAndAdjustedScoreAndSendNamespaces() throws Exception {
        body = chat("{\\\"status\\\":\\\"idle\\\",\\\"confidence\\\":0.7,"
                + "\\\"reasons\\\":[\\\"no kernels\\\",\\\"cool chip\\\"],"
                + "\\\"actions\\\":[\\\"release it\\\"],\\\"adjusted_score\\\":3.5}");
        GpuAdvisor.Advice advice = new ChatCompletionsGpuAdvisor().advise(zombie(), List.of("ml-team"), context("5"));
        assertEquals("idle", advice.status());
        assertEquals("no kernels; cool chip", advice.reason());
        assertEquals("release it", advice.suggestion());
        assertEquals(3.5, advice.adjustedScore(), 1e-9);
        assertTrue(requestBody.get().contains("ml-team"), requestBody.get());
    }

    @Test
    void shouldRejectAnAdjustedScoreOutOfRange() {
        body = chat("{\\\"status\\\":\\\"idle\\\",\\\"confidence\\\":0.7,\\\"adjusted_score\\\":140}");
        GpuAdvisor.AdvisorException e = assertThrows(GpuAdvisor.AdvisorException.class,
                () -> new ChatCompletionsGpuAdvisor().advise(zombie(), context("5")));
        assertTrue(e.getMessage().contains("adjusted_score"), e.getMessage());
    }

    /** A chat-completions envelope around {@code content} (already escaped for a JSON string). */
    private static String chat(String content) {
        return "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"}}]}";
    }
}
