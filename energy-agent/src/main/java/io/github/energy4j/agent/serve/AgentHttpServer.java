package io.github.energy4j.agent.serve;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLContext;

/**
 * The JDK HTTP(S) server in front of an {@link Exporter}: {@code /metrics} (Prometheus text or OpenMetrics by
 * the Accept header, behind basic auth when configured) and {@code /healthz} (never authenticated, so kubelet
 * probes need no secret; it reveals nothing but "ok"). Scrapes run on threads of their own, so however many wait
 * behind a slow one, the request threads stay free and {@code /healthz} answers at once.
 */
public final class AgentHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final ExecutorService scrapes;
    /** The basic-auth check of {@code /metrics}, also put on added routes; null without auth. */
    private final Authenticator authenticator;
    /** What answers {@code GET /} when a service added one ({@link #route}); else the plain index. */
    private volatile HttpHandler index;

    /**
     * Binds and starts.
     *
     * @param tls  null for plain HTTP
     * @param auth null for no authentication
     * @throws IOException a {@link java.net.BindException} when the port is taken
     */
    public AgentHttpServer(InetSocketAddress address, Exporter exporter, SSLContext tls, BasicAuthFile auth)
            throws IOException {
        HttpServer s;
        if (tls != null) {
            HttpsServer https = HttpsServer.create(address, 16);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            s = https;
        } else {
            s = HttpServer.create(address, 16);
        }
        ExecutorService scrapeThreads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "energy4j-scrape");
            t.setDaemon(true);
            return t;
        });
        // the request thread only hands the exchange over; the scrape thread answers and closes it
        HttpContext metrics = s.createContext("/metrics", ex -> {
            try {
                scrapeThreads.execute(() -> metrics(ex, exporter));
            } catch (RejectedExecutionException e) {
                ex.close(); // closing
            }
        });
        authenticator = auth == null ? null : new BasicAuthenticator("energy4j") {
            @Override
            public boolean checkCredentials(String user, String password) {
                return auth.check(user, password);
            }
        };
        if (authenticator != null) {
            metrics.setAuthenticator(authenticator);
        }
        HttpHandler health = ex -> {
            boolean ok = exporter.healthy();
            send(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "sampler stalled\n");
        };
        s.createContext("/healthz", health);
        s.createContext("/health", health); // the GPU service's clients probe /health
        s.createContext("/", ex -> {
            HttpHandler idx = index;
            if (!ex.getRequestURI().getPath().equals("/")) {
                send(ex, 404, "text/plain; charset=utf-8", "not found; see /metrics and /healthz\n");
            } else if (idx != null) {
                idx.handle(ex);
            } else {
                send(ex, 200, "text/plain; charset=utf-8", "energy4j: /metrics /healthz\n");
            }
        });
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "energy4j-http");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(executor);
        s.start();
        this.server = s;
        this.scrapes = scrapeThreads;
    }

    /**
     * Adds a route on this listener behind the same basic auth as {@code /metrics} (when configured), over the
     * same TLS. {@code "/"} replaces the plain index and, like {@code /healthz}, stays unauthenticated. The
     * handler runs on the two request threads: work that may take long belongs on threads of its own.
     */
    public void route(String path, HttpHandler handler) {
        if (path.equals("/")) {
            index = handler;
            return;
        }
        HttpContext c = server.createContext(path, handler);
        if (authenticator != null) {
            c.setAuthenticator(authenticator);
        }
    }

    /** Whether added routes are behind basic auth. */
    public boolean authenticated() {
        return authenticator != null;
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void metrics(HttpExchange ex, Exporter exporter) {
        try {
            scrape(ex, exporter);
        } catch (IOException e) {
            ex.close(); // the scraper went away
        }
    }

    private static void scrape(HttpExchange ex, Exporter exporter) throws IOException {
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            send(ex, 405, "text/plain; charset=utf-8", "use GET\n");
            return;
        }
        String type = Exporter.contentType(ex.getRequestHeaders().getFirst("Accept"));
        String body;
        try {
            body = exporter.scrape(type);
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain; charset=utf-8", "scrape failed: " + e.getClass().getSimpleName() + "\n");
            return;
        }
        send(ex, 200, type, body);
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : b.length);
        if (!head) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        }
        ex.close();
    }

    /** Stops accepting, gives in-flight scrapes a second, and stops the threads. Idempotent. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        scrapes.shutdownNow();
    }
}
