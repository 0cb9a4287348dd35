package io.github.energy4j.carbon.providers;

import io.github.energy4j.http.BoundedBody;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * GETs a JSON body with the JDK client and turns every failure into a {@link FeedException} whose
 * message names the provider, the HTTP status and the setting to check. Header values (tokens) never
 * appear in messages. Thread-safe.
 */
final class HttpJsonClient {

    /** Largest answer accepted: a year of hourly forecast points is well under 2 MiB. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final HttpClient client;
    private final Duration requestTimeout;
    private final String providerId;
    private final String credentialHint;

    /**
     * @param credentialHint what to check on 401/403, e.g. "the token in ENERGY4J_ELECTRICITYMAPS_TOKEN"
     */
    HttpJsonClient(String providerId, Duration connectTimeout, Duration requestTimeout, String credentialHint) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.requestTimeout = requestTimeout;
        this.providerId = providerId;
        this.credentialHint = credentialHint;
    }

    /** GETs {@code uri} with header name/value pairs and returns the body of a 2xx answer. */
    String get(URI uri, String... headers) throws FeedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET()
                .header("Accept", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            rb.header(headers[i], headers[i + 1]);
        }
        String where = uri.getHost() + ':' + uri.getPort() + uri.getPath();
        HttpResponse<byte[]> response;
        try {
            response = client.send(rb.build(), BoundedBody.handler(MAX_BODY_BYTES, providerId + " answer"));
        } catch (HttpTimeoutException e) {
            throw new FeedException(FeedException.Kind.TIMEOUT, 0,
                    providerId + " did not answer within " + requestTimeout.toMillis() + " ms at " + where, e);
        } catch (SSLException e) {
            // verification is never switched off: say which certificate failed and how to trust it
            throw new FeedException(FeedException.Kind.NETWORK, 0,
                    providerId + " at " + where + ": TLS handshake failed (" + rootMessage(e) + "); the server's "
                            + "certificate must be trusted by this JVM: fix the URL, or add its CA to a trust store and "
                            + "pass -Djavax.net.ssl.trustStore=FILE", e);
        } catch (ConnectException e) {
            throw new FeedException(FeedException.Kind.NETWORK, 0,
                    providerId + " unreachable at " + where + ": " + (e.getMessage() != null ? e.getMessage()
                            : "connection refused") + "; check the URL and the network", e);
        } catch (IOException e) {
            throw new FeedException(FeedException.Kind.NETWORK, 0,
                    providerId + " request to " + where + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedException(FeedException.Kind.NETWORK, 0, providerId + " request interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new String(response.body(), StandardCharsets.UTF_8);
        }
        if (status == 401 || status == 403) {
            throw new FeedException(FeedException.Kind.UNAUTHORIZED, status,
                    "HTTP " + status + " from " + providerId + " at " + where + ": check " + credentialHint, null);
        }
        if (status == 429) {
            String retry = response.headers().firstValue("Retry-After").map(v -> " (Retry-After " + v + ")").orElse("");
            throw new FeedException(FeedException.Kind.RATE_LIMITED, status,
                    "HTTP 429 from " + providerId + " at " + where + ": request quota used up" + retry
                            + "; lengthen the refresh interval or upgrade the plan", null);
        }
        if (status >= 500) {
            throw new FeedException(FeedException.Kind.SERVER_ERROR, status,
                    "HTTP " + status + " from " + providerId + " at " + where + ": service error, will retry", null);
        }
        throw new FeedException(FeedException.Kind.CLIENT_ERROR, status,
                "HTTP " + status + " from " + providerId + " at " + where + ": " + snippet(new String(response.body(), StandardCharsets.UTF_8))
                        + "; check the zone/region id", null);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    private static String snippet(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
