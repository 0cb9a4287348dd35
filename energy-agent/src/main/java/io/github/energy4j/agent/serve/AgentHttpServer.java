package io.github.energy4j.agent.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;

/**
 * The JDK HTTP(S) server in front of an {@link Exporter}: {@code /metrics} (Prometheus text or OpenMetrics by
 * the Accept header, behind basic auth when configured) and {@code /healthz} (never authenticated, so kubelet
 * probes need no secret; it reveals nothing but "ok"). Paths match exactly; further exact routes are added with
 * {@link #route} and inherit TLS, auth and the limits below.
 *
 * <p>Limits against slow or hostile clients (see docs/RELIABILITY.md): the JDK server reads a request's line and
 * headers on an executor thread, so a client that sends one byte and waits holds a thread. Hence (a) every
 * request must arrive whole within {@link #MAX_REQUEST_SECONDS} or the JDK's timer closes the connection, (b) the
 * executor has a thread for every connection the server admits, so slow clients cannot starve a scrape, and (c)
 * the server admits at most {@link #MAX_CONNECTIONS} connections and closes the excess at accept. Request lines
 * and headers are bounded in size and count. The knobs are the JDK's own {@code sun.net.httpserver.*} and
 * {@code jdk.httpserver.maxConnections} system properties (module jdk.httpserver, class
 * {@code sun.net.httpserver.ServerConfig}; documented in the {@code jdk.httpserver} module summary of the
 * JDK API docs); they are read once when the first server is created, so an operator's {@code -D} wins.
 */
public final class AgentHttpServer implements AutoCloseable {

    /** Whole request (line, headers and the body, which we never expect) must arrive within this time. */
    static final int MAX_REQUEST_SECONDS = 5;
    /** Connections admitted at once; more are closed at accept. Also the executor's thread ceiling. */
    static final int MAX_CONNECTIONS = 256;
    /**
     * Header limits answered with 431 (count and bytes) and the request-target limit answered with 414. Above the
     * JDK's hard limits (4x these) the JDK closes the connection without a status: it does not buffer more.
     */
    static final int MAX_HEADERS = 64;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_TARGET_BYTES = 4 * 1024;
    /** Bytes per socket write: bounds the per-thread direct buffer NIO caches. */
    static final int WRITE_SLICE = 16 * 1024;
    /** A short stack is plenty for reading headers and writing bytes; keeps 256 threads cheap. */
    private static final long THREAD_STACK_BYTES = 256 * 1024;

    static {
        configureJdkLimits();
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    /** Routes that take POST besides GET and HEAD. */
    private final java.util.Set<String> postRoutes = ConcurrentHashMap.newKeySet();
    private final BasicAuthFile auth;
    private final BooleanSupplier healthy;
    /** Answers paths no exact route matches (null: 404), and whether it takes POST. */
    private volatile HttpHandler fallback;
    private volatile boolean fallbackPost;
    private final AuthThrottle throttle = new AuthThrottle();
    private volatile boolean indexReplaced;

    /**
     * Binds and starts.
     *
     * @param tls  null for plain HTTP
     * @param auth null for no authentication
     * @throws IOException a {@link java.net.BindException} when the port is taken
     */
    public AgentHttpServer(InetSocketAddress address, Exporter exporter, SSLContext tls, BasicAuthFile auth)
            throws IOException {
        this(address, tls, auth, exporter::healthy, "energy4j: /metrics /healthz\n");
        routes.put("/metrics", ex -> scrape(ex, exporter));
    }

    /**
     * A listener with the same limits, TLS and basic auth but no exporter (the scheduler extender): {@code /healthz}
     * answers from {@code healthy}, {@code /} with {@code index}; add routes with {@link #route} or
     * {@link #fallback}.
     */
    public static AgentHttpServer listener(InetSocketAddress address, SSLContext tls, BasicAuthFile auth,
                                           BooleanSupplier healthy, String index) throws IOException {
        return new AgentHttpServer(address, tls, auth, healthy, index);
    }

    private AgentHttpServer(InetSocketAddress address, SSLContext tls, BasicAuthFile auth, BooleanSupplier healthy,
                            String index) throws IOException {
        this.auth = auth;
        this.healthy = healthy;
        HttpServer s;
        if (tls != null) {
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            s = https;
        } else {
            s = HttpServer.create(address, 64);
        }
        routes.put("/", ex -> send(ex, 200, index));
        // one context for everything, so that matching is exact (the JDK's contexts match by prefix)
        s.createContext("/", this::dispatch);
        AtomicInteger n = new AtomicInteger();
        // threads come and go with connections; a SynchronousQueue hands each exchange to a free or new thread
        executor = new ThreadPoolExecutor(2, MAX_CONNECTIONS + 8, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(null, r, "energy4j-http-" + n.incrementAndGet(), THREAD_STACK_BYTES);
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        s.setExecutor(executor);
        s.start();
        this.server = s;
    }

    /**
     * Sets the JDK server's limits unless the operator set them with {@code -D}. Must run before the first
     * {@code HttpServer.create} in this JVM (the JDK reads them once); the static initializer does that.
     */
    static void configureJdkLimits() {
        setIfAbsent("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
        setIfAbsent("sun.net.httpserver.maxRspTime", "30");
        setIfAbsent("sun.net.httpserver.maxReqHeaders", Integer.toString(4 * MAX_HEADERS));
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", Integer.toString(4 * MAX_HEADER_BYTES));
        setIfAbsent("sun.net.httpserver.idleInterval", "30");
        setIfAbsent("sun.net.httpserver.maxIdleConnections", "64");
        setIfAbsent("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
        setIfAbsent("sun.net.httpserver.timerMillis", "500");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * Adds an exact-path route (e.g. {@code /results}); it sits behind the same TLS, basic auth and limits as
     * {@code /metrics}; only GET and HEAD reach it. The handler answers on the connection's thread; the exchange is
     * closed after it returns. {@code /} may be taken once, replacing the plain index. Thread-safe; effective at once.
     *
     * @throws IllegalArgumentException if the path does not start with '/' or is already taken
     */
    public void route(String exactPath, HttpHandler handler) {
        boolean index = exactPath.equals("/") && !indexReplaced;
        if (index) {
            indexReplaced = true;
            routes.put("/", handler);
            return;
        }
        if (!exactPath.startsWith("/") || exactPath.equals("/healthz") || exactPath.equals("/health")
                || routes.putIfAbsent(exactPath, handler) != null) {
            throw new IllegalArgumentException("route " + exactPath + " is taken or does not start with '/'");
        }
    }

    /** As {@link #route(String, HttpHandler)}, for a route that also takes POST (its handler checks the method). */
    public void routeWithPost(String exactPath, HttpHandler handler) {
        route(exactPath, handler);
        postRoutes.add(exactPath);
    }

    /**
     * Answers every path that no exact route matches (a handler that checks the path itself, e.g. the extender's
     * {@code <urlPrefix>/filter}), behind the same TLS, auth and limits; {@code post}: it also takes POST.
     */
    public void fallback(HttpHandler handler, boolean post) {
        this.fallbackPost = post;
        this.fallback = handler;
    }

    /** Whether requests need basic auth (a {@code --basic-auth-file} was given). */
    public boolean authenticated() {
        return auth != null;
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void dispatch(HttpExchange ex) throws IOException {
        try {
            if (tooLarge(ex)) {
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            HttpHandler h = path == null ? null : routes.get(path);
            boolean health = "/healthz".equals(path) || "/health".equals(path);
            if (h == null && !health) {
                h = fallback;
            }
            boolean post = path != null && (postRoutes.contains(path) || (h != null && h == fallback && fallbackPost));
            if (!method.equals("GET") && !method.equals("HEAD") && !(post && method.equals("POST"))) {
                ex.getResponseHeaders().set("Allow", post ? "GET, HEAD, POST" : "GET, HEAD");
                send(ex, 405, post ? "use GET, HEAD or POST\n" : "use GET or HEAD\n");
                return;
            }
            // /health: the alias the GPU service's clients probe
            if ("/healthz".equals(path) || "/health".equals(path)) {
                health(ex);
                return;
            }
            if (h == null) {
                send(ex, 404, "not found; see / for the paths served\n");
                return;
            }
            if (auth != null && !authorized(ex)) {
                return;
            }
            h.handle(ex);
        } finally {
            ex.close();
        }
    }

    /** Answers 414 or 431 for requests within the JDK's hard limits but above ours. */
    private static boolean tooLarge(HttpExchange ex) throws IOException {
        String target = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        int targetBytes = (target == null ? 0 : target.length()) + (query == null ? 0 : query.length() + 1);
        if (targetBytes > MAX_TARGET_BYTES) {
            send(ex, 414, "request target longer than " + MAX_TARGET_BYTES + " bytes\n");
            return true;
        }
        int count = 0;
        long bytes = 0;
        for (Map.Entry<String, java.util.List<String>> h : ex.getRequestHeaders().entrySet()) {
            for (String v : h.getValue()) {
                count++;
                bytes += h.getKey().length() + v.length() + 4; // "name: value\r\n"
            }
        }
        if (count > MAX_HEADERS || bytes > MAX_HEADER_BYTES) {
            ex.getResponseHeaders().set("Connection", "close");
            send(ex, 431, "request headers too large (at most " + MAX_HEADERS + " headers, " + MAX_HEADER_BYTES
                    + " bytes)\n");
            return true;
        }
        return false;
    }

    private void health(HttpExchange ex) throws IOException {
        boolean ok = healthy.getAsBoolean();
        send(ex, ok ? 200 : 503, ok ? "ok\n" : "sampler stalled\n");
    }

    /** Basic auth with a per-client back-off after failures; answers 401 or 429 itself when refusing. */
    private boolean authorized(HttpExchange ex) throws IOException {
        String client = ex.getRemoteAddress().getAddress().getHostAddress();
        long wait = throttle.waitMillis(client, System.nanoTime());
        if (wait > 0) {
            ex.getResponseHeaders().set("Retry-After", Long.toString((wait + 999) / 1000));
            send(ex, 429, "too many failed logins from this address; retry later\n");
            return false;
        }
        String[] up = BasicAuthFile.decodeHeader(ex.getRequestHeaders().getFirst("Authorization"));
        if (up != null && auth.check(up[0], up[1])) {
            throttle.success(client);
            return true;
        }
        if (up != null) {
            throttle.failure(client, System.nanoTime());
        }
        ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"energy4j\", charset=\"UTF-8\"");
        send(ex, 401, "authentication required\n");
        return false;
    }

    private static void scrape(HttpExchange ex, Exporter exporter) throws IOException {
        String type = Exporter.contentType(ex.getRequestHeaders().getFirst("Accept"));
        byte[] body;
        try {
            body = exporter.scrapeBytes(type);
        } catch (RuntimeException e) {
            send(ex, 500, "scrape failed: " + e.getClass().getSimpleName() + "\n");
            return;
        }
        send(ex, 200, type, body);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] b) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : b.length);
        if (!head) {
            try (OutputStream o = ex.getResponseBody()) {
                // in slices: NIO copies each write of a heap array into a temporary direct buffer of the same size
                // and keeps it per thread, so one write of a 500 KB exposition costs 500 KB of direct memory per
                // request thread, never returned (the RSS growth under concurrent scrapes)
                for (int off = 0; off < b.length; off += WRITE_SLICE) {
                    o.write(b, off, Math.min(WRITE_SLICE, b.length - off));
                }
            }
        }
    }

    /** Stops accepting, gives in-flight requests a second, and stops the threads. Idempotent. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
