package io.github.energy4j.http;

import java.net.URI;

/**
 * The one rule for credentials and plain HTTP: a bearer token or password goes only over https, or over http to a
 * loopback address (a local proxy, a test server), where the bytes never leave the host.
 */
public final class Cleartext {

    private Cleartext() {
    }

    /** Whether credentials may be sent to {@code uri}. */
    public static boolean credentialsSafe(URI uri) {
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            return true;
        }
        String h = uri.getHost();
        if (h == null) {
            return false;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equalsIgnoreCase("localhost") || h.equals("::1") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
