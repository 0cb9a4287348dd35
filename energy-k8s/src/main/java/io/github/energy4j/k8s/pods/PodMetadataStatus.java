package io.github.energy4j.k8s.pods;

import java.time.Instant;

/**
 * Health of the pod metadata cache, for {@code status} output and metrics.
 *
 * @param source      {@code kubelet <url>} or {@code apiserver <url>}
 * @param state       current state
 * @param lastSuccess when the view was last refreshed from the source, or null
 * @param lastError   the last error (never contains the token), or empty
 * @param lastErrorAt when it happened, or null
 * @param errorCount  errors since start
 * @param podCount    pods in the current view
 */
public record PodMetadataStatus(String source, State state, Instant lastSuccess, String lastError,
                                Instant lastErrorAt, long errorCount, int podCount) {

    /** Where the cache stands. */
    public enum State {
        /** No answer from the source yet. */
        STARTING,
        /** The last request succeeded. */
        OK,
        /** The last request failed; the last good view is still served. */
        DEGRADED,
        /** Closed. */
        STOPPED
    }
}
