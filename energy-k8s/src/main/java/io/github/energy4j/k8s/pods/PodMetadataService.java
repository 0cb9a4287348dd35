package io.github.energy4j.k8s.pods;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This node's pods, kept fresh from the kubelet ({@code GET /pods}, polled) or the API server (list, then watch):
 * see {@link PodSourceConfig} for the settings. Every {@link #start(PodSourceConfig)} with an equal configuration in
 * one JVM shares one refresh thread, one cache and one connection (the workload resolver, the per-pod carbon and a
 * report's CPU requests would otherwise poll the kubelet, or watch the API server, once each); each caller closes
 * its own handle, and the last close stops the refresh. {@link #view()} and {@link #status()} never block.
 *
 * <p>Outages keep the last good view; the error is kept in {@link #status()} and logged once at WARN (later ones
 * at DEBUG until a success). Nothing here throws into the caller after {@link #start(PodSourceConfig)}.
 *
 * <pre>{@code
 * try (PodMetadataService pods = PodMetadataService.start(PodSourceConfig.fromContext(ctx))) {
 *     PodView.ContainerRef ref = pods.view().container(containerId);
 * }
 * }</pre>
 */
public final class PodMetadataService implements AutoCloseable {

    private final PodReflector reflector;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PodMetadataService(PodReflector reflector) {
        this.reflector = reflector;
    }

    /**
     * Follows the pod source: starts the refresh, or joins the one already running for an equal configuration.
     *
     * @throws IOException when the TLS trust cannot be built from the CA bundle (a configuration error)
     */
    public static PodMetadataService start(PodSourceConfig config) throws IOException {
        return new PodMetadataService(PodReflector.acquire(config));
    }

    /** The latest view; {@link PodView#EMPTY} until the first success. Thread-safe, never blocks. */
    public PodView view() {
        return reflector.view();
    }

    /** Health of the cache. Thread-safe. */
    public PodMetadataStatus status() {
        return reflector.status();
    }

    /** Waits until a view with at least this version is published (for start-up and tests). */
    public boolean awaitVersion(long version, Duration timeout) throws InterruptedException {
        return reflector.awaitVersion(version, timeout);
    }

    /** Whether this handle and {@code other} read the same cache (equal configurations, both open at once). */
    boolean sharesCacheWith(PodMetadataService other) {
        return reflector == other.reflector;
    }

    /**
     * Gives this handle back (a second close does nothing); when it was the last one of its configuration, the
     * refresh thread stops. The last view stays readable.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            reflector.release();
        }
    }
}
