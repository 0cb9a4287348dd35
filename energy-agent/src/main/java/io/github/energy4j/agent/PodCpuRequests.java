package io.github.energy4j.agent;

import io.github.energy4j.k8s.attribution.WorkloadEnergyLevels;
import io.github.energy4j.k8s.pods.PodMetadataService;
import io.github.energy4j.k8s.pods.PodMetadataStatus;
import io.github.energy4j.k8s.pods.PodSourceConfig;
import io.github.energy4j.k8s.pods.PodView;
import io.github.energy4j.spi.SourceContext;
import java.io.IOException;
import java.util.Map;

/**
 * For {@code report --format json}: the node's pods with their CPU requests, fetched from the pod source
 * ({@code k8s.podSource}, the same settings the workload resolver uses) while the window runs, and the
 * window's idle energy shared among them by {@link WorkloadEnergyLevels#splitIdleByCpuRequests}.
 *
 * <p>The pods come from {@link PodMetadataService}, which shares its cache with the meter's workload resolver when
 * both follow one source in this JVM (a short-lived cache of its own otherwise: one list request for a kubelet, a
 * list and a watch for the API server). Cold path; used by one thread.
 */
final class PodCpuRequests implements AutoCloseable {

    /**
     * The outcome.
     *
     * @param source            {@code kubelet <url>} or {@code apiserver <url>}
     * @param status            empty when the split was made; otherwise why not (no pod list, idle unknown)
     * @param allocatableMillis the node capacity the requests are shared against: logical CPUs x 1000 m from
     *                          {@code <procfs>/stat} (kube-reserved and system-reserved are not subtracted, so
     *                          this is an upper bound of the allocatable CPU); 0 when the CPU count is unknown,
     *                          and then the shares are relative to the sum of the requests
     * @param byPod             idle joules per pod UID of the pods that request CPU (and have not finished)
     * @param unallocatedJoules idle joules of the capacity no pod requests; NaN when {@code status} is not empty
     * @param view              the pods (empty when {@code status} is not empty)
     */
    record Split(String source, String status, long allocatableMillis, Map<String, Double> byPod,
                 double unallocatedJoules, PodView view) {
    }

    private final PodMetadataService service;
    private final PodSourceConfig config;
    private final String startProblem;

    private PodCpuRequests(PodSourceConfig config, PodMetadataService service, String startProblem) {
        this.config = config;
        this.service = service;
        this.startProblem = startProblem;
    }

    /**
     * Starts fetching pods when {@code ctx} names a pod source; null when it resolves to none.
     *
     * @throws UsageException when a {@code k8s.*} setting is wrong (the message names it)
     */
    static PodCpuRequests start(SourceContext ctx) {
        PodSourceConfig cfg;
        try {
            cfg = PodSourceConfig.fromContext(ctx);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (cfg == null) {
            return null;
        }
        try {
            return new PodCpuRequests(cfg, PodMetadataService.start(cfg), "");
        } catch (IOException e) {
            return new PodCpuRequests(cfg, null, "cannot reach the pod source: " + e.getMessage());
        }
    }

    /**
     * Shares {@code idleJoules} among the pods of the latest view; waits up to the request timeout for a
     * first answer when none came yet and no request has failed.
     */
    Split split(double idleJoules, long allocatableMillis) throws InterruptedException {
        String source = config.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + config.url();
        if (service == null) {
            return unknown(source, startProblem, allocatableMillis);
        }
        PodMetadataStatus st = service.status();
        if (service.view().version() == 0 && st.errorCount() == 0) {
            service.awaitVersion(1, config.requestTimeout());
            st = service.status();
        }
        PodView view = service.view();
        if (view.version() == 0) {
            return unknown(source, "no pod list from " + st.source()
                    + (st.lastError().isEmpty() ? " within " + config.requestTimeout().toSeconds() + " s"
                    : ": " + st.lastError()), allocatableMillis);
        }
        if (!(idleJoules >= 0) || Double.isInfinite(idleJoules)) {
            return unknown(source, "idle energy unknown", allocatableMillis);
        }
        WorkloadEnergyLevels.IdleSplit s = WorkloadEnergyLevels.splitIdleByCpuRequests(idleJoules, view,
                allocatableMillis);
        return new Split(source, "", allocatableMillis, s.byPod(), s.unallocated(), view);
    }

    private static Split unknown(String source, String status, long allocatableMillis) {
        return new Split(source, status, allocatableMillis, Map.of(), Double.NaN, PodView.EMPTY);
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
    }
}
