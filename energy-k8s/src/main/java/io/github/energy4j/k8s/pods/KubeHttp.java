package io.github.energy4j.k8s.pods;

import io.github.energy4j.http.BoundedBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * HTTP plumbing shared by the kubelet and API-server sources: a JDK {@link HttpClient} whose TLS trusts the
 * given CA bundle (or, only when asked, anything), and bearer-token requests. The token file is read for every
 * request, so a rotated projected token is picked up without a restart; the token itself is never logged or put
 * in an exception message.
 */
final class KubeHttp {

    private final HttpClient client;
    private final Path tokenFile;
    private final Duration timeout;

    KubeHttp(Path tokenFile, Path caFile, boolean insecureSkipTlsVerify, Duration timeout) throws IOException {
        this.tokenFile = tokenFile;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .sslContext(sslContext(caFile, insecureSkipTlsVerify))
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    HttpClient client() {
        return client;
    }

    Duration timeout() {
        return timeout;
    }

    /** A GET with {@code Accept: application/json}, the request timeout and the current bearer token. */
    HttpRequest.Builder get(URI uri) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().timeout(timeout)
                .header("Accept", "application/json");
        String token = readToken();
        if (!token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /**
     * GETs {@code uri} whole within the request timeout, at most {@code maxBytes} of body; any status is returned.
     *
     * @param what what the body is, for the error ("pod list from ...")
     * @throws IOException naming the address and, for a timeout, the setting to raise
     */
    HttpResponse<byte[]> getBounded(URI uri, int maxBytes, String what) throws IOException, InterruptedException {
        try {
            return BoundedBody.send(client, get(uri).build(), maxBytes, what, timeout);
        } catch (HttpTimeoutException e) {
            throw new IOException("no complete answer from " + uri + " within " + timeout
                    + "; raise k8s.requestTimeout or check the node's network", e);
        } catch (IOException e) {
            throw new IOException("request to " + uri + " failed: " + e, e);
        }
    }

    private String readToken() throws IOException {
        if (tokenFile == null) {
            return "";
        }
        try {
            return Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IOException("cannot read the service-account token file " + tokenFile
                    + "; mount the ServiceAccount token or set k8s.tokenFile", e);
        }
    }

    static SSLContext sslContext(Path caFile, boolean insecure) throws IOException {
        try {
            if (insecure) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new TrustAll()}, null);
                return ctx;
            }
            if (caFile == null) {
                return SSLContext.getDefault();
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(caFile)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) {
                throw new IOException("no certificate in the CA bundle " + caFile + "; set k8s.caFile to a PEM file");
            }
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build TLS trust from " + caFile + ": " + e.getMessage()
                    + "; set k8s.caFile to the cluster CA bundle (PEM)", e);
        }
    }

    /** Accepts every certificate and host name: only for {@code k8s.insecureSkipTlsVerify=true}. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** A one-line explanation of a non-200 answer, with what to do about it. */
    static String httpError(int status, URI uri, Path tokenFile) {
        String base = "HTTP " + status + " from " + uri;
        return switch (status) {
            case 401 -> base + ": the bearer token was rejected; check that " + tokenFile
                    + " holds a valid ServiceAccount token";
            case 403 -> base + ": the ServiceAccount lacks permission; apply deploy/kubernetes/rbac.yaml"
                    + " (pods get/list/watch for the API server, nodes/proxy for the kubelet)";
            default -> base;
        };
    }

    /** Longest part of an error body quoted in a message. */
    static final int SNIPPET_BYTES = 300;

    /**
     * The start of an error answer's body on one line (a Kubernetes Status message names the missing permission),
     * or empty; reads at most {@link #SNIPPET_BYTES} and closes the stream.
     */
    static String bodySnippet(InputStream body) {
        try (InputStream in = body) {
            byte[] b = in.readNBytes(SNIPPET_BYTES);
            StringBuilder sb = new StringBuilder(b.length);
            for (char c : new String(b, StandardCharsets.UTF_8).toCharArray()) {
                sb.append(c < ' ' || c == 0x7f ? ' ' : c);
            }
            return sb.toString().trim();
        } catch (IOException e) {
            return "";
        }
    }

    Path tokenFile() {
        return tokenFile;
    }
}
