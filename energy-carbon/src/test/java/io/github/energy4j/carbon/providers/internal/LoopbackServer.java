package io.github.energy4j.carbon.providers.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback HTTP server replaying canned answers per path, recording what it was asked. */
final class LoopbackServer implements AutoCloseable {

    /** {@code bodyHeld}: the headers and half the body go out at once, the rest only after {@code release}. */
    record Answer(int status, String body, CountDownLatch release, String location, boolean bodyHeld) {
        Answer(int status, String body) {
            this(status, body, null, null, false);
        }
    }

    record Request(String path, String query, Headers headers) {
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-handler");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** One permit per request that reached a held answer (see {@link #answerHeld}). */
    final Semaphore heldArrivals = new Semaphore(0);

    LoopbackServer() throws IOException {
        this(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    /**
     * The same server over HTTPS with a fresh self-signed certificate for 127.0.0.1 made by the JDK's
     * {@code keytool}, which no trust store knows.
     */
    static LoopbackServer https(Path dir) throws Exception {
        Path ks = dir.resolve("carbon-api.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "api", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        return new LoopbackServer(server);
    }

    private LoopbackServer(HttpServer server) {
        this.server = server;
        // handlers on their own threads, so a held answer neither blocks other requests nor close()
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            URI uri = exchange.getRequestURI();
            requests.add(new Request(uri.getPath(), uri.getRawQuery(), exchange.getRequestHeaders()));
            Answer a = answers.getOrDefault(uri.getPath(), new Answer(404, "{\"error\":\"no route\"}"));
            if (a.release() != null && !a.bodyHeld()) {
                heldArrivals.release();
                try {
                    a.release().await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (a.location() != null) {
                exchange.getResponseHeaders().add("Location", a.location());
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            try {
                exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length); // -1: no body
                try (OutputStream os = exchange.getResponseBody()) {
                    if (a.bodyHeld()) {
                        os.write(body, 0, body.length / 2);
                        os.flush();
                        heldArrivals.release();
                        try {
                            a.release().await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        os.write(body, body.length / 2, body.length - body.length / 2);
                    } else {
                        os.write(body);
                    }
                }
            } catch (IOException e) {
                // client gave up (timeout test)
            }
        });
        server.start();
    }

    LoopbackServer answer(String path, int status, String body) {
        answers.put(path, new Answer(status, body));
        return this;
    }

    /**
     * Answers {@code path} only after {@code release} is counted down (or the server closes); each arrival
     * releases a permit of {@link #heldArrivals}, so a test can wait until a request is provably in flight.
     */
    LoopbackServer answerHeld(String path, CountDownLatch release, String body) {
        answers.put(path, new Answer(200, body, release, null, false));
        return this;
    }

    /** Sends the headers and half of {@code body} for {@code path}, the rest only after {@code release}. */
    LoopbackServer answerBodyHeld(String path, CountDownLatch release, String body) {
        answers.put(path, new Answer(200, body, release, null, true));
        return this;
    }

    /** Answers {@code path} with a redirect to {@code location}. */
    LoopbackServer redirect(String path, int status, String location) {
        answers.put(path, new Answer(status, "", null, location, false));
        return this;
    }

    URI base(String prefix) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + prefix);
    }

    Request last() {
        return requests.get(requests.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow(); // interrupts held answers
    }
}
