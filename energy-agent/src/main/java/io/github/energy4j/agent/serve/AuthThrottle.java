package io.github.energy4j.agent.serve;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-client back-off after failed logins: the first {@value #FREE_FAILURES} failures cost nothing, each later
 * one doubles the wait before the next attempt is even checked (1 s, 2 s, ... up to {@value #MAX_WAIT_SECONDS} s),
 * so guessing a password over the network is slow and a guesser cannot keep the CPU busy with PBKDF2. A success
 * clears the client. The table is bounded; when full it is cleared, which only forgives. Thread-safe.
 */
final class AuthThrottle {

    static final int FREE_FAILURES = 5;
    static final int MAX_WAIT_SECONDS = 60;
    private static final int MAX_CLIENTS = 4096;

    private static final class Client {
        int failures;
        long notBeforeNanos;
    }

    private final Map<String, Client> clients = new HashMap<>();

    /** Milliseconds this client must still wait before an attempt is checked; 0 when it may try now. */
    synchronized long waitMillis(String client, long nowNanos) {
        Client c = clients.get(client);
        return c == null ? 0 : Math.max(0, (c.notBeforeNanos - nowNanos) / 1_000_000);
    }

    synchronized void failure(String client, long nowNanos) {
        if (clients.size() >= MAX_CLIENTS && !clients.containsKey(client)) {
            clients.clear();
        }
        Client c = clients.computeIfAbsent(client, k -> new Client());
        c.failures++;
        int over = c.failures - FREE_FAILURES;
        if (over > 0) {
            long seconds = Math.min(MAX_WAIT_SECONDS, 1L << Math.min(over - 1, 6));
            c.notBeforeNanos = nowNanos + seconds * 1_000_000_000L;
        }
    }

    synchronized void success(String client) {
        clients.remove(client);
    }
}
