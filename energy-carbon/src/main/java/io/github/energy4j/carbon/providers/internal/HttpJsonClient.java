package io.github.energy4j.carbon.providers.internal;

import io.github.energy4j.http.BoundedBody;
import io.github.energy4j.http.Cleartext;
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
 * message names the provider, the HTTP status and the setting to check. The extra header values passed to
 * {@link #get} are credentials: they never appear in messages (the JDK's own "invalid header value" error
 * quotes the value, so it is replaced), any echo of them in an error body is masked, and redirects are not
 * followed, so a token is never sent to a host other than the configured one. Thread-safe.
 */
final class HttpJsonClient {

    /** Largest answer accepted: a year of hourly forecast points is well under 2 MiB. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    /** Shortest credential value that {@link #mask} replaces. */
    static final int MIN_MASKED = 8;

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
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
        this.providerId = providerId;
        this.credentialHint = credentialHint;
    }

    /**
     * GETs {@code uri} with credential header name/value pairs and returns the body of a 2xx answer.
     *
     * @throws FeedException NOT_CONFIGURED when a header value holds characters HTTP forbids (a stray line
     *                       break or quote in a token), naming the header but not the value
     */
    String get(URI uri, String... headers) throws FeedException {
        if (headers.length > 0 && !Cleartext.credentialsSafe(uri)) {
            throw new FeedException(FeedException.Kind.NOT_CONFIGURED, 0, providerId + ": refusing to send "
                    + "credentials over plain http:// to " + uri.getHost() + "; use an https:// base URL", null);
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET()
                .header("Accept", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            try {
                rb.header(headers[i], headers[i + 1]);
            } catch (IllegalArgumentException e) {
                // the JDK's message quotes the value, which is a secret: drop it and the exception
                throw new FeedException(FeedException.Kind.NOT_CONFIGURED, 0, providerId + ": the value for the "
                        + headers[i] + " header contains characters HTTP does not allow (a line break, a control "
                        + "character or a non-Latin-1 character such as a typographic quote); check " + credentialHint,
                        null);
            }
        }
        String where = uri.getHost() + ':' + uri.getPort() + uri.getPath();
        try {
            return send(rb.build(), where);
        } catch (FeedException e) {
            String masked = mask(e.getMessage(), headers);
            if (masked.equals(e.getMessage())) {
                throw e;
            }
            throw new FeedException(e.kind(), e.httpStatus(), masked, null);
        }
    }

    /**
     * {@code text} with every credential value, and its last word (the token after "Bearer "), replaced by
     * {@code ****}. Values shorter than {@link #MIN_MASKED} characters are left alone: masking them would
     * garble the message and they are no real token.
     */
    static String mask(String text, String... headers) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (int i = 1; i < headers.length; i += 2) {
            String v = headers[i];
            if (v == null) {
                continue;
            }
            if (v.length() >= MIN_MASKED) {
                out = out.replace(v, "****");
            }
            int space = v.lastIndexOf(' ');
            if (space >= 0 && v.length() - space - 1 >= MIN_MASKED) {
                out = out.replace(v.substring(space + 1), "****");
            }
        }
        return out;
    }

    private String send(HttpRequest request, String where) throws FeedException {
        HttpResponse<byte[]> response;
        try {
            // the whole answer within the timeout: a service stalling after its headers must not hold the refresh
            response = BoundedBody.send(client, request, MAX_BODY_BYTES, providerId + " answer", requestTimeout);
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
        if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").map(HttpJsonClient::withoutQuery).orElse("nowhere");
            throw new FeedException(FeedException.Kind.CLIENT_ERROR, status,
                    "HTTP " + status + " from " + providerId + " at " + where + ": redirected to " + location
                            + "; credentials are not sent across redirects, so set the base URL to the new location",
                    null);
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

    /** A redirect target without its query (which may carry a signature or key). */
    private static String withoutQuery(String location) {
        int q = location.indexOf('?');
        return q < 0 ? location : location.substring(0, q);
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
