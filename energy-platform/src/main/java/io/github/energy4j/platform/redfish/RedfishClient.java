package io.github.energy4j.platform.redfish;

import io.github.energy4j.http.BoundedBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * HTTPS access to one Redfish service with session ({@code X-Auth-Token}) or basic authentication.
 * Every request has the configured timeout. Used from one thread at a time (open, then the poller).
 */
final class RedfishClient implements AutoCloseable {

    private final RedfishConfig config;
    private final HttpClient http;
    private volatile String token;
    private volatile String sessionUri;

    RedfishClient(RedfishConfig config) throws IOException {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(sslContext(config))
                .build();
    }

    /** The JDK's trust store, the CA file's certificates, or (only when asked for) no checks at all. */
    static SSLContext sslContext(RedfishConfig config) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (config.insecure()) {
                ctx.init(null, new TrustManager[] {new TrustAll()}, null);
            } else if (config.caFile() != null) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                try (InputStream in = Files.newInputStream(config.caFile())) {
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        ks.setCertificateEntry("ca-" + i++, c);
                    }
                }
                if (i == 0) {
                    throw new IOException("redfish.caFile " + config.caFile() + " holds no PEM certificate");
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                ctx.init(null, tmf.getTrustManagers(), null);
            } else {
                ctx.init(null, null, null);
            }
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for redfish.caFile " + config.caFile() + ": " + e.getMessage(), e);
        }
    }

    /** GETs a resource path such as {@code /redfish/v1/Chassis}; logs in again once when the session expired. */
    byte[] get(String path) throws IOException, InterruptedException {
        if (config.auth().equals("session") && !config.user().isEmpty() && token == null) {
            login();
        }
        HttpResponse<byte[]> r = send(request(path).GET().build());
        if (r.statusCode() == 401 && token != null) {
            token = null;
            login();
            r = send(request(path).GET().build());
        }
        check(r, "GET " + path);
        return r.body();
    }

    private void login() throws IOException, InterruptedException {
        String body = "{\"UserName\":" + quote(config.user()) + ",\"Password\":" + quote(config.password()) + "}";
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(resolve("/redfish/v1/SessionService/Sessions"))
                .timeout(config.timeout()).header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
        check(r, "POST /redfish/v1/SessionService/Sessions (login)");
        String t = r.headers().firstValue("X-Auth-Token").orElse(null);
        if (t == null) {
            throw new RedfishException(r.statusCode(), "login answered " + r.statusCode() + " without X-Auth-Token");
        }
        token = t;
        sessionUri = r.headers().firstValue("Location").orElse(null);
    }

    private HttpRequest.Builder request(String path) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve(path)).timeout(config.timeout())
                .header("Accept", "application/json");
        if (token != null) {
            b.header("X-Auth-Token", token);
        } else if (!config.user().isEmpty() && config.auth().equals("basic")) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (config.user() + ":" + config.password()).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    /**
     * The URI of a resource path taken from the BMC's JSON or headers, always on the configured
     * service's origin: an absolute link ({@code Location} of a session, an {@code @odata.id} naming
     * another host) keeps only its path, so the token or password is never sent to another host.
     *
     * @throws IOException when the link is not a URI
     */
    private URI resolve(String link) throws IOException {
        try {
            URI u = new URI(link);
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            if (u.getRawQuery() != null) {
                path += "?" + u.getRawQuery();
            }
            return new URI(config.url() + (path.startsWith("/") ? path : "/" + path));
        } catch (URISyntaxException e) {
            throw new IOException("the BMC linked to something that is not a URI: " + printable(link), e);
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }

    /** Largest Redfish resource accepted; chassis, power and metrics resources are a few KiB. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    /**
     * Sends one request and waits at most {@code redfish.timeout} for the whole exchange, body included
     * ({@link BoundedBody#send}): a BMC that sends headers and then stalls must not hold the poller or
     * {@code doctor}.
     */
    private HttpResponse<byte[]> send(HttpRequest req) throws IOException, InterruptedException {
        String what = req.method() + " " + req.uri().getPath();
        try {
            return BoundedBody.send(http, req, MAX_BODY_BYTES, what, config.timeout());
        } catch (HttpTimeoutException e) {
            throw timedOut(what, e);
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof javax.net.ssl.SSLHandshakeException) {
                    throw new IOException("TLS handshake with " + config.url() + " failed (certificate not trusted?): "
                            + t.getMessage(), t);
                }
            }
            throw new IOException(what + ": " + describe(e), e);
        }
    }

    private IOException timedOut(String what, Throwable cause) {
        return new IOException(what + " timed out after " + config.timeout().toMillis() + " ms", cause);
    }

    /** The message of an I/O failure, or its type when it has none (a refused connection has none). */
    private static String describe(IOException e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : e.getClass().getSimpleName();
    }

    private static void check(HttpResponse<byte[]> r, String what) throws RedfishException {
        int s = r.statusCode();
        if (s < 200 || s > 299) {
            throw new RedfishException(s, what + " answered HTTP " + s
                    + (s == 401 || s == 403 ? " (credentials rejected)" : ""));
        }
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** Deletes the session, best effort (a BMC has few session slots). */
    @Override
    public void close() {
        String uri = sessionUri;
        String t = token;
        token = null;
        sessionUri = null;
        if (uri != null && t != null) {
            try {
                send(HttpRequest.newBuilder(resolve(uri)).timeout(config.timeout()).header("X-Auth-Token", t)
                        .DELETE().build());
            } catch (IOException e) {
                // the BMC expires the session on its own
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Accepts any certificate and host name: only with redfish.insecure=true. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, java.net.Socket s) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, java.net.Socket s) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
