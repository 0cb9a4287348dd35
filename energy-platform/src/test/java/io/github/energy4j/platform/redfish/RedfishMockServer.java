package io.github.energy4j.platform.redfish;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A loopback Redfish service over HTTPS with a self-signed certificate made by {@code keytool}. It
 * serves DMTF-format resources by path, answers session logins and basic auth for one user, and can
 * be told to delay a path (timeouts).
 */
final class RedfishMockServer implements AutoCloseable {

    static final String USER = "monitor";
    static final String PASSWORD = "pa55-word";
    static final String TOKEN = "tok-0123456789";

    final Map<String, byte[]> resources = new ConcurrentHashMap<>();
    final Map<String, Long> delaysMillis = new ConcurrentHashMap<>();
    /** Paths whose answer sends the headers and half the body, then stalls this long before the rest. */
    final Map<String, Long> bodyStallsMillis = new ConcurrentHashMap<>();
    /** Paths answered with this status and a Redfish error body instead of their resource (429 adds Retry-After). */
    final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    final AtomicInteger logins = new AtomicInteger();
    /** Bumped by {@link #expireSessions()}: tokens of earlier generations are rejected with 401. */
    final AtomicInteger tokenGeneration = new AtomicInteger();
    /** The {@code Location} a login answers; absolute on some BMCs. */
    volatile String sessionLocation = "/redfish/v1/SessionService/Sessions/1";
    final AtomicInteger logouts = new AtomicInteger();
    final Path caPem;
    private final HttpsServer server;

    private RedfishMockServer(HttpsServer server, Path caPem) {
        this.server = server;
        this.caPem = caPem;
    }

    /** Generates a key pair for 127.0.0.1/localhost with keytool and starts the server on a free port. */
    static RedfishMockServer start(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path ks = dir.resolve("bmc.p12");
        Path pem = dir.resolve("bmc-ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "bmc", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit"));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "bmc", "-keystore", ks.toString(),
                "-storepass", "changeit", "-file", pem.toString()));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "redfish-mock");
            t.setDaemon(true);
            return t;
        }));
        RedfishMockServer mock = new RedfishMockServer(server, pem);
        server.createContext("/", mock::handle);
        server.start();
        return mock;
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves the standard single-node layout: 1U (RackMount) and a GPU board inside it. */
    RedfishMockServer withRackmountMockup() throws IOException {
        serve("/redfish/v1/Chassis", "chassis-collection.json");
        serve("/redfish/v1/Chassis/1U", "chassis-1U.json");
        serve("/redfish/v1/Chassis/GPUBoard", "chassis-GPUBoard.json");
        serve("/redfish/v1/Chassis/1U/EnvironmentMetrics", "environment-metrics.json");
        serve("/redfish/v1/Chassis/GPUBoard/EnvironmentMetrics", "environment-metrics-gpu.json");
        serve("/redfish/v1/Chassis/1U/Power", "power.json");
        return this;
    }

    /** Adds the 1U chassis' PowerSubsystem: supplies in bays 1 and 2 (196.5 W + 187.25 W in), bay 3 empty. */
    RedfishMockServer withPowerSubsystem() throws IOException {
        String ps = "/redfish/v1/Chassis/1U/PowerSubsystem";
        serve(ps, "power-subsystem.json");
        serve(ps + "/PowerSupplies", "power-supplies.json");
        for (int bay = 1; bay <= 3; bay++) {
            serve(ps + "/PowerSupplies/Bay" + bay, "power-supply-bay" + bay + ".json");
        }
        serve(ps + "/PowerSupplies/Bay1/Metrics", "power-supply-metrics-bay1.json");
        serve(ps + "/PowerSupplies/Bay2/Metrics", "power-supply-metrics-bay2.json");
        return this;
    }

    void serve(String path, String fixture) throws IOException {
        resources.put(path, RedfishResourcesTest.fixture(fixture));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Long delay = delaysMillis.get(path);
            if (delay != null) {
                sleep(delay);
            }
            if (path.equals("/redfish/v1/SessionService/Sessions") && ex.getRequestMethod().equals("POST")) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (body.contains("\"UserName\":\"" + USER + "\"") && body.contains("\"Password\":\"" + PASSWORD + "\"")) {
                    logins.incrementAndGet();
                    ex.getResponseHeaders().add("X-Auth-Token", currentToken());
                    ex.getResponseHeaders().add("Location", sessionLocation);
                    send(ex, 201, ("{\"Id\":\"1\",\"UserName\":\"" + USER + "\"}").getBytes(StandardCharsets.UTF_8));
                } else {
                    send(ex, 401, "{\"error\":{\"code\":\"Base.1.8.GeneralError\"}}".getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            if (!authorised(ex)) {
                send(ex, 401, "{\"error\":{\"code\":\"Base.1.8.InsufficientPrivilege\"}}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (ex.getRequestMethod().equals("DELETE") && path.startsWith("/redfish/v1/SessionService/Sessions/")) {
                logouts.incrementAndGet();
                send(ex, 204, null);
                return;
            }
            Integer status = statuses.get(path);
            if (status != null) {
                if (status == 429) {
                    ex.getResponseHeaders().add("Retry-After", "1");
                }
                send(ex, status, "{\"error\":{\"code\":\"Base.1.8.GeneralError\",\"message\":\"unavailable\"}}"
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body = resources.get(path);
            Long stall = bodyStallsMillis.get(path);
            if (body != null && stall != null) {
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body, 0, body.length / 2);
                ex.getResponseBody().flush();
                sleep(stall);
                ex.getResponseBody().write(body, body.length / 2, body.length - body.length / 2);
                return;
            }
            send(ex, body == null ? 404 : 200, body == null ? "{}".getBytes(StandardCharsets.UTF_8) : body);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String currentToken() {
        return TOKEN + "-" + tokenGeneration.get();
    }

    /** Ends every session, as a BMC does after its session timeout or a reset. */
    void expireSessions() {
        tokenGeneration.incrementAndGet();
    }

    private boolean authorised(HttpExchange ex) {
        if (currentToken().equals(ex.getRequestHeaders().getFirst("X-Auth-Token"))) {
            return true;
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return basic.equals(ex.getRequestHeaders().getFirst("Authorization"));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body == null ? -1 : body.length);
        if (body != null) {
            ex.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
