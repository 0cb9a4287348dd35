package io.github.energy4j.agent.extender;

import com.sun.net.httpserver.HttpExchange;
import io.github.energy4j.agent.serve.AgentHttpServer;
import io.github.energy4j.internal.json.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extender's HTTP(S) endpoint, on {@code serve}'s hardened listener: {@code POST <prefix>/filter} and
 * {@code POST <prefix>/prioritize} (kube-scheduler appends the verb to {@code urlPrefix} with a slash), and
 * {@code GET /healthz}. A body that is not an {@code ExtenderArgs} gets 400 with the reason as plain text; a body over
 * {@link #MAX_BODY} gets 413. Each connection has a thread, so concurrent scheduling cycles are answered in parallel.
 */
public final class ExtenderServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExtenderServer.class);

    /** Largest body read: a NodeList of 5000 nodes at a few KiB each, with room. */
    static final int MAX_BODY = 64 << 20;

    /** Response header carrying a note on a filter result (all candidates above the threshold). */
    public static final String NOTE_HEADER = "X-Energy4j-Note";

    private final AgentHttpServer server;

    /**
     * Binds and starts, on {@code serve}'s hardened listener (request time and size limits, a thread per admitted
     * connection, at most 256 connections: see {@link AgentHttpServer}).
     *
     * @param tls null for plain HTTP
     * @throws IOException a {@link java.net.BindException} when the port is taken
     */
    public ExtenderServer(InetSocketAddress address, CarbonPlacement placement, SSLContext tls) throws IOException {
        server = AgentHttpServer.listener(address, tls, null, () -> true,
                "energy4j scheduler extender: POST <urlPrefix>/filter, POST <urlPrefix>/prioritize, GET /healthz\n");
        server.fallback(ex -> handle(ex, placement), true);
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    private static void handle(HttpExchange ex, CarbonPlacement placement) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
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
        server.close();
    }
}
