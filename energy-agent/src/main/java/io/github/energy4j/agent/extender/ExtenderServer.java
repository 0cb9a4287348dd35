package io.github.energy4j.agent.extender;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.energy4j.internal.json.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extender's HTTP(S) endpoint, on the JDK server as {@code serve}'s: {@code POST <prefix>/filter} and
 * {@code POST <prefix>/prioritize} (kube-scheduler appends the verb to {@code urlPrefix} with a slash), and
 * {@code GET /healthz}. A body that is not an {@code ExtenderArgs} gets 400 with the reason as plain text; a body over
 * {@link #MAX_BODY} gets 413. Requests run on a small pool, so concurrent scheduling cycles are answered in parallel.
 */
public final class ExtenderServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExtenderServer.class);

    /** Largest body read: a NodeList of 5000 nodes at a few KiB each, with room. */
    static final int MAX_BODY = 64 << 20;

    /** Response header carrying a note on a filter result (all candidates above the threshold). */
    public static final String NOTE_HEADER = "X-Energy4j-Note";

    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * Binds and starts.
     *
     * @param tls null for plain HTTP
     * @throws IOException a {@link java.net.BindException} when the port is taken
     */
    public ExtenderServer(InetSocketAddress address, CarbonPlacement placement, SSLContext tls) throws IOException {
        HttpServer s;
        if (tls != null) {
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            s = https;
        } else {
            s = HttpServer.create(address, 64);
        }
        s.createContext("/", ex -> handle(ex, placement));
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "energy4j-extender");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(executor);
        s.start();
        server = s;
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange ex, CarbonPlacement placement) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/healthz")) {
                send(ex, 200, "text/plain; charset=utf-8", "ok\n");
                return;
            }
            boolean filter = path.endsWith("/filter");
            boolean prioritize = path.endsWith("/prioritize");
            if (!filter && !prioritize) {
                send(ex, 404, "text/plain; charset=utf-8", "not found; POST .../filter or .../prioritize, GET /healthz\n");
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                ex.getResponseHeaders().set("Allow", "POST");
                send(ex, 405, "text/plain; charset=utf-8", "use POST with an ExtenderArgs JSON body\n");
                return;
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                send(ex, 413, "text/plain; charset=utf-8", "body exceeds " + (MAX_BODY >> 20) + " MiB\n");
                return;
            }
            String json;
            try {
                Object args = JsonTree.parse(body);
                if (filter) {
                    CarbonPlacement.FilterOutcome o = placement.filter(args);
                    if (!o.note().isEmpty()) {
                        ex.getResponseHeaders().set(NOTE_HEADER, o.note());
                        LOG.info("filter: {}", o.note());
                    }
                    json = JsonTreeWriter.toJson(o.result());
                } else {
                    json = JsonTreeWriter.toJson(placement.prioritize(args));
                }
            } catch (IllegalArgumentException e) {
                send(ex, 400, "text/plain; charset=utf-8", "bad ExtenderArgs: " + e.getMessage() + "\n");
                return;
            }
            send(ex, 200, "application/json", json);
        } catch (RuntimeException e) {
            LOG.warn("extender request failed", e);
            send(ex, 500, "text/plain; charset=utf-8", "internal error: " + e.getClass().getSimpleName() + "\n");
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
        ex.close();
    }

    /** Stops accepting and gives requests in flight a second. Idempotent. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
