package io.github.energy4j.agent.serve;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * {@code --listen HOST:PORT} ({@code [v6]:PORT} for IPv6). The host is required: binding all interfaces
 * must be asked for ({@code 0.0.0.0:28282}), never implied.
 */
public record ListenAddress(String host, int port) {

    /** @throws IllegalArgumentException saying what form is expected */
    public static ListenAddress parse(String s) {
        String v = s.trim();
        int colon = v.lastIndexOf(':');
        String host = colon < 0 ? "" : v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("--listen needs HOST:PORT with an explicit host, e.g. 127.0.0.1:28282 "
                    + "or 0.0.0.0:28282, was '" + s + "'");
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen port must be 0 to 65535, was '" + s + "'");
        }
        return new ListenAddress(host, port);
    }

    /** @throws IllegalArgumentException when the host does not resolve */
    public InetSocketAddress resolve() {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--listen host '" + host + "' does not resolve");
        }
    }
}
