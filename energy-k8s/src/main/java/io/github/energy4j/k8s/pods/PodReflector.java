package io.github.energy4j.k8s.pods;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a {@link PodView} of this node's pods fresh from the kubelet ({@code GET /pods}, polled) or the API
 * server ({@code list} then {@code watch} from the list's resourceVersion; a {@code 410 Gone} triggers a fresh
 * list): the reflector behind {@link PodMetadataService}, one per pod source configuration in a JVM;
 * {@link PodSourceHealth} keeps the status it reports. Runs on one daemon thread; {@link #view()} and
 * {@link #status()} never block.
 *
 * <p>When the API server answers the watch request itself with an HTTP error (403 because the role may list but
 * not watch, 400 from a server or proxy that serves watches only over WebSocket, 5xx), the service falls back to
 * listing: it lists again after the retry backoff (at most {@code k8s.maxBackoff}) and tries the watch again after
 * each list, so the view keeps following the node's pods at polling speed instead of freezing at the first list.
 * The status stays {@code DEGRADED} with the watch's error while it does, and {@code lastSuccess} moves with each
 * list. A watch that the server ends at once without any event is retried after the backoff, not in a tight loop.
 * A watch stream still open {@code k8s.watchTimeout + k8s.requestTimeout} after it began (the server was asked to
 * end it after {@code k8s.watchTimeout}) is taken for a dead connection: it is closed and resumed from the last
 * resourceVersion seen.
 *
 * <p>Outages keep the last good view; the error is kept in {@link #status()} and logged once at WARN (later ones
 * at DEBUG until a success). Nothing here throws into the caller after {@link #acquire(PodSourceConfig)}.
 */
final class PodReflector {

    private final PodSourceConfig config;
    private final KubeHttp http;
    private final Thread thread;
    private final PodSourceHealth health;

    private volatile PodView view = PodView.EMPTY;
    private volatile boolean running = true;
    private volatile InputStream openWatch;

    // the reflectors running in this JVM, one per pod source configuration, and how many handles use each
    private static final Map<PodSourceConfig, PodReflector> RUNNING = new HashMap<>();
    private int users;

    private PodReflector(PodSourceConfig config) throws IOException {
        this.config = config;
        this.http = new KubeHttp(config.tokenFile(), config.caFile(), config.insecureSkipTlsVerify(),
                config.requestTimeout());
        this.health = new PodSourceHealth(describe(), Clock.systemUTC());
        this.thread = new Thread(this::loop, "energy4j-pod-metadata");
        this.thread.setDaemon(true);
    }

    /**
     * Joins the reflector already following an equal configuration, or starts one: one process (the agent's
     * workload resolver, its per-pod carbon, a report's CPU requests) keeps one pod cache and one kubelet poll or
     * API-server watch per pod source however many parts read it. Pair with {@link #release()}.
     *
     * @throws IOException when the TLS trust cannot be built from the CA bundle (a configuration error)
     */
    static PodReflector acquire(PodSourceConfig config) throws IOException {
        synchronized (RUNNING) {
            PodReflector r = RUNNING.get(config);
            if (r == null) {
                r = new PodReflector(config);
                r.thread.start();
                RUNNING.put(config, r);
            }
            r.users++;
            return r;
        }
    }

    /** Gives back one {@link #acquire}; the last one stops the refresh thread (the last view stays readable). */
    void release() {
        synchronized (RUNNING) {
            if (--users > 0) {
                return;
            }
            RUNNING.remove(config, this);
        }
        stop();
    }

    /** The latest view; {@link PodView#EMPTY} until the first success. Thread-safe, never blocks. */
    PodView view() {
        return view;
    }

    /** Health of the cache. Thread-safe. */
    PodMetadataStatus status() {
        return health.status(running, view.size());
    }

    /** Waits until a view with at least this version is published (for start-up and tests). */
    boolean awaitVersion(long version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (view.version() < version) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private String describe() {
        return (config.kind() == PodSourceConfig.Kind.KUBELET ? "kubelet " : "apiserver ") + config.url();
    }

    private void loop() {
        Duration backoff = Duration.ofMillis(Math.min(1000, config.maxBackoff().toMillis()));
        Map<String, PodInfo> pods = new HashMap<>();
        String rv = null;
        while (running) {
            try {
                if (config.kind() == PodSourceConfig.Kind.KUBELET) {
                    PodJsonParser.PodList list = fetchList(config.url());
                    publish(list.pods());
                    sleep(config.refreshInterval());
                } else {
                    if (rv == null) {
                        PodJsonParser.PodList list = fetchList(listUri(false, null));
                        pods.clear();
                        for (PodInfo p : list.pods()) {
                            pods.put(p.uid(), p);
                        }
                        rv = list.resourceVersion();
                        publish(pods.values());
                    }
                    long watchStart = System.nanoTime();
                    int eventsBefore = watchEvents;
                    rv = watch(rv, pods);
                    if (rv != null && watchEvents == eventsBefore
                            && System.nanoTime() - watchStart < QUICK_WATCH_END.toNanos()) {
                        // ended at once with nothing in it: do not hammer the API server with new watches
                        sleep(backoff);
                        backoff = longer(backoff);
                        continue;
                    }
                }
                backoff = Duration.ofMillis(Math.min(1000, config.maxBackoff().toMillis()));
            } catch (WatchRefused e) {
                watchRefused(e.getMessage());
                rv = null; // list again: the view must not freeze at the first list while the watch is refused
                sleep(backoff);
                backoff = longer(backoff);
            } catch (IOException e) {
                failure(e.getMessage() == null ? e.toString() : e.getMessage());
                sleep(backoff);
                backoff = longer(backoff);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a bug or an unexpected payload must not kill the refresh thread: report and relist
                failure("unexpected " + e);
                rv = null;
                sleep(backoff);
            }
        }
    }

    /** A watch that ends sooner than this without a single event counts as a quick end (see the class doc). */
    static final Duration QUICK_WATCH_END = Duration.ofSeconds(1);

    private Duration longer(Duration backoff) {
        Duration twice = backoff.multipliedBy(2);
        return twice.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : twice;
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private URI listUri(boolean watch, String rv) {
        StringBuilder sb = new StringBuilder(config.url().toString());
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '/') {
            sb.setLength(sb.length() - 1);
        }
        sb.append("/api/v1/pods?fieldSelector=")
                .append(URLEncoder.encode("spec.nodeName=" + config.nodeName(), StandardCharsets.UTF_8));
        if (watch) {
            sb.append("&watch=true&allowWatchBookmarks=true&timeoutSeconds=").append(config.watchTimeout().toSeconds());
            if (rv != null && !rv.isEmpty()) {
                sb.append("&resourceVersion=").append(URLEncoder.encode(rv, StandardCharsets.UTF_8));
            }
        }
        return URI.create(sb.toString());
    }

    /** Largest pod list accepted: the 110 pods of a full node take a few MiB even with long specs. */
    static final int MAX_LIST_BYTES = 16 * 1024 * 1024;

    /** GET a pod list; the whole response must arrive within the request timeout. */
    private PodJsonParser.PodList fetchList(URI uri) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.getBounded(uri, MAX_LIST_BYTES, "pod list from " + uri);
        if (r.statusCode() != 200) {
            throw new IOException(KubeHttp.httpError(r.statusCode(), uri, config.tokenFile()));
        }
        try {
            return PodJsonParser.parseList(r.body(), r.body().length);
        } catch (IOException e) {
            throw new IOException("malformed pod list from " + uri + ": " + e.getMessage(), e);
        }
    }

    /**
     * Follows a watch until the server ends it (then returns the last resourceVersion to resume from), or
     * returns null when the resourceVersion is too old (410 Gone) so that the caller lists again.
     */
    private String watch(String rv, Map<String, PodInfo> pods) throws IOException, InterruptedException {
        URI uri = listUri(true, rv);
        HttpResponse<InputStream> r = http.client().send(http.get(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() == 410) {
            r.body().close();
            return null;
        }
        if (r.statusCode() != 200) {
            String said = KubeHttp.bodySnippet(r.body());
            throw new WatchRefused("watch refused: " + KubeHttp.httpError(r.statusCode(), uri, config.tokenFile())
                    + (said.isEmpty() ? "" : " (server said: " + said + ")")
                    + "; listing the pods again every " + config.maxBackoff().toMillis()
                    + " ms at most until a watch is accepted");
        }
        watchOpened();
        String last = rv;
        // The server ends the watch after timeoutSeconds. A stream still open well past that is a dead connection
        // (a peer gone without a FIN): close it, so that the read fails and the watch is resumed.
        InputStream body = r.body();
        Duration limit = config.watchTimeout().plus(config.requestTimeout());
        java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Void> guard = CompletableFuture.runAsync(() -> {
            cut.set(true);
            closeQuietly(body);
        }, CompletableFuture.delayedExecutor(limit.toMillis(), TimeUnit.MILLISECONDS));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            openWatch = body;
            String line;
            while (running && (line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                watchEvents++;
                PodJsonParser.WatchEvent ev;
                try {
                    ev = PodJsonParser.parseEvent(line);
                } catch (IOException e) {
                    // the stream may have lost an event: list again rather than guess
                    failure("malformed watch event from " + uri + ": " + e.getMessage());
                    return null;
                }
                switch (ev.type()) {
                    case "ADDED", "MODIFIED" -> {
                        pods.put(ev.pod().uid(), ev.pod());
                        publish(pods.values());
                    }
                    case "DELETED" -> {
                        pods.remove(ev.pod().uid());
                        publish(pods.values());
                    }
                    case "ERROR" -> {
                        if (ev.errorCode() == 410) {
                            return null;
                        }
                        throw new WatchError("watch error from " + uri + ": " + ev.errorCode() + " " + ev.message());
                    }
                    default -> {
                        // BOOKMARK: only the resourceVersion moves
                    }
                }
                if (ev.pod() != null && !ev.pod().resourceVersion().isEmpty()) {
                    last = ev.pod().resourceVersion();
                }
            }
        } catch (WatchError e) {
            throw e;
        } catch (IOException e) {
            if (!running) {
                return last;
            }
            // resume from the last event seen; a 410 on the next watch will force a list
            failure(cut.get()
                    ? "watch from " + uri + " still open " + limit.toMillis() + " ms after it started, past its "
                            + config.watchTimeout().toSeconds() + " s timeoutSeconds: closed as a dead connection"
                            + " and resumed"
                    : "watch from " + uri + " dropped: " + e.getMessage());
            return last;
        } finally {
            guard.cancel(false);
            openWatch = null;
        }
        return last;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing to unblock the reader; nothing to recover
        }
    }

    /** Watch events read since start; refresh thread only. */
    private int watchEvents;

    /** The watch request itself was answered with an HTTP error other than 410. */
    private static final class WatchRefused extends IOException {
        private static final long serialVersionUID = 1L;

        WatchRefused(String message) {
            super(message);
        }
    }

    /** An ERROR event other than 410: fails the watch like an HTTP error. */
    private static final class WatchError extends IOException {
        private static final long serialVersionUID = 1L;

        WatchError(String message) {
            super(message);
        }
    }

    private void publish(java.util.Collection<PodInfo> pods) {
        view = PodView.of(pods, view.version() + 1);
        health.published(pods.size());
    }

    /** A watch was accepted (HTTP 200): ends a fallback to listing. */
    private void watchOpened() {
        health.watchOpened(view.size());
    }

    private void watchRefused(String message) {
        health.watchRefused(message, view.size());
    }

    private void failure(String message) {
        health.failure(message, view.size());
    }

    private void stop() {
        running = false;
        InputStream w = openWatch;
        if (w != null) {
            try {
                w.close();
            } catch (IOException ignored) {
                // closing to unblock the reader; nothing to recover
            }
        }
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
