package io.github.energy4j.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import io.github.energy4j.testing.FakeProcfs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /healthz} and {@code /metrics} over real HTTP while the sampler is stuck in a source read: the tick holds
 * the sampler's lock, but readers never take it, so scrapes answer at once with the last completed sample and
 * {@code /healthz} reports the stall once it lasts.
 */
class ExporterHealthTest {

    @TempDir
    Path tmp;

    @Test
    void shouldAnswerScrapesAndHealthzAtOnceWhileASourceIsBlockedAndReportTheStallOnceItLasts()
            throws Exception {
        Path proc = tmp.resolve("proc");
        FakeProcfs.create(proc).process(300, "worker", 10, 0, 5);
        BlockingProvider provider = new BlockingProvider();
        EnergyMeter meter = EnergyMeter.builder().procfs(proc).sysfs(tmp).interval(Duration.ofMillis(100))
                .providers(List.of(provider)).build();
        meter.start();
        Exporter exporter = new Exporter(meter, Naming.of("kepler"), MetricsLevel.DEFAULT, "n1", proc).start();
        AgentHttpServer server = new AgentHttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                exporter, null, null);
        HttpClient client = HttpClient.newHttpClient();
        String url = "http://127.0.0.1:" + server.port();
        List<CompletableFuture<HttpResponse<String>>> scrapes = new ArrayList<>();
        try {
            assertEquals(200, get(client, url + "/metrics", Duration.ofSeconds(10)).statusCode());
            provider.block();
            assertTrue(provider.blocked.await(10, TimeUnit.SECONDS), "the sampler never reached the source");
            Thread.sleep(200); // past the staleness window (one interval), so a scrape computes a new frame
            // more scrapes than the server has request threads: none waits for the stuck tick
            for (int i = 0; i < 3; i++) {
                scrapes.add(client.sendAsync(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            String ticks = null;
            for (CompletableFuture<HttpResponse<String>> s : scrapes) {
                HttpResponse<String> r = s.get(5, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode());
                String t = ticks(r.body());
                assertTrue(ticks == null || ticks.equals(t), "every scrape shows the last completed sample: " + t);
                ticks = t;
            }
            assertTrue(!provider.released(), "the tick is still stuck in the source");

            long t0 = System.nanoTime();
            HttpResponse<String> ok = get(client, url + "/healthz", Duration.ofSeconds(1));
            assertEquals(200, ok.statusCode(), "the sampler has only just stopped: " + ok.body());
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L);

            // 5 intervals + 2 s without a tick is a stall; /healthz says so, still at once
            HttpResponse<String> stalled = ok;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (stalled.statusCode() == 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                long t = System.nanoTime();
                stalled = get(client, url + "/healthz", Duration.ofSeconds(1));
                assertTrue(System.nanoTime() - t < 1_000_000_000L);
            }
            assertEquals(503, stalled.statusCode(), stalled.body());
            assertEquals("sampler stalled\n", stalled.body());

            provider.release();
            HttpResponse<String> back = stalled;
            deadline = System.nanoTime() + 10_000_000_000L;
            while (back.statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                back = get(client, url + "/healthz", Duration.ofSeconds(1));
            }
            assertEquals(200, back.statusCode(), "healthy again once the sampler ticks: " + back.body());
        } finally {
            provider.release();
            server.close();
            exporter.close();
            meter.close();
        }
    }

    /** The value of the sampler's tick counter in an exposition. */
    private static String ticks(String exposition) {
        Matcher m = Pattern.compile("(?m)^energy4j_sampler_ticks(?:_total)?(?:\\{[^}]*\\})? (\\S+)$").matcher(exposition);
        assertTrue(m.find(), "no tick counter in:\n" + exposition);
        return m.group(1);
    }

    private static HttpResponse<String> get(HttpClient c, String url, Duration timeout) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One measured package counter, 1 J per read, whose read waits on a latch once {@link #block()} is called. */
    static final class BlockingProvider implements PowerSourceProvider {

        final CountDownLatch blocked = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean blocking;

        void block() {
            blocking = true;
        }

        void release() {
            blocking = false;
            released.countDown();
        }

        boolean released() {
            return released.getCount() == 0;
        }

        @Override
        public String id() {
            return "blocking";
        }

        @Override
        public Zone.Group group() {
            return Zone.Group.CPU;
        }

        @Override
        public int priority() {
            return 100;
        }

        @Override
        public String description() {
            return "a counter whose read can be made to hang";
        }

        @Override
        public Probe probe(SourceContext context) {
            return Probe.available(List.of(zone()));
        }

        private static Zone zone() {
            return Zone.microjouleCounter("package-0", 0, Zone.Domain.PACKAGE, 0, 200, "blocking");
        }

        @Override
        public PowerSource open(SourceContext context) {
            return new PowerSource() {
                private long uj;

                @Override
                public String id() {
                    return "blocking";
                }

                @Override
                public List<Zone> zones() {
                    return List.of(zone());
                }

                @Override
                public int read(long[] values) {
                    if (blocking) {
                        blocked.countDown();
                        try {
                            released.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return READ_FAILED;
                        }
                    }
                    uj += 1_000_000;
                    values[0] = uj;
                    return 1;
                }

                @Override
                public void close() {
                    // nothing held
                }
            };
        }
    }
}
