package io.github.energy4j.k8s.pods;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of one pod source, as the reflector ({@link PodMetadataService}) reports its lists, watches and
 * failures: OK, DEGRADED (failing, or listing while its watch is refused) or STARTING; when it last succeeded and
 * what failed last. Logs a failure once at WARN until the source recovers (then once at INFO), and at DEBUG in
 * between, so an outage does not flood the log. Thread-safe.
 */
final class PodSourceHealth {

    private static final Logger LOG = LoggerFactory.getLogger(PodSourceHealth.class);

    private final String source;
    private final Clock clock;

    // guarded by this
    private PodMetadataStatus.State state = PodMetadataStatus.State.STARTING;
    private Instant lastSuccess;
    private String lastError = "";
    private Instant lastErrorAt;
    private long errorCount;
    private boolean warned;
    private boolean watchRefused;

    /** @param source what the source is, for logs and the status ({@code kubelet https://...}) */
    PodSourceHealth(String source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** A view of {@code pods} pods was published. */
    synchronized void published(int pods) {
        lastSuccess = clock.instant();
        if (watchRefused) {
            // listing works but the watch does not: still degraded, and no recovered/unavailable log flapping
            return;
        }
        state = PodMetadataStatus.State.OK;
        if (warned) {
            LOG.info("pod metadata from {} recovered ({} pods)", source, pods);
        }
        warned = false;
    }

    /** A watch was accepted (HTTP 200): ends a fallback to listing. */
    synchronized void watchOpened(int pods) {
        if (!watchRefused) {
            return;
        }
        watchRefused = false;
        state = PodMetadataStatus.State.OK;
        if (warned) {
            LOG.info("pod metadata from {}: watch accepted again ({} pods)", source, pods);
        }
        warned = false;
    }

    /** The watch was refused; the reflector falls back to listing. */
    synchronized void watchRefused(String message, int pods) {
        watchRefused = true;
        failure(message, pods);
    }

    /** A list or watch failed; the last view of {@code pods} pods is kept. */
    synchronized void failure(String message, int pods) {
        state = PodMetadataStatus.State.DEGRADED;
        lastError = message;
        lastErrorAt = clock.instant();
        errorCount++;
        if (!warned) {
            LOG.warn("pod metadata from {} unavailable, keeping the last view of {} pods: {}", source, pods, message);
            warned = true;
        } else {
            LOG.debug("pod metadata from {} still unavailable: {}", source, message);
        }
    }

    /** The status now, for a view of {@code pods} pods; STOPPED once the reflector stopped. */
    synchronized PodMetadataStatus status(boolean running, int pods) {
        return new PodMetadataStatus(source, running ? state : PodMetadataStatus.State.STOPPED, lastSuccess, lastError,
                lastErrorAt, errorCount, pods);
    }
}
