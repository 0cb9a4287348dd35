package io.github.energy4j.agent.gpu;

import io.github.energy4j.nvml.analysis.GpuAdvisor;
import io.github.energy4j.nvml.analysis.GpuUsageReport;
import io.github.energy4j.nvml.analysis.internal.GpuUsageStats;
import java.time.Instant;
import java.util.List;

/**
 * One analysis of every GPU on the node.
 *
 * @param id              sequence number, from 1
 * @param time            when it finished
 * @param durationSeconds how long it took
 * @param settings        the settings it ran with
 * @param gpus            per GPU, by NVML index
 * @param stats           counts and averages over {@code gpus}
 */
public record GpuAnalysisResult(long id, Instant time, double durationSeconds, GpuSettings settings,
                                List<Gpu> gpus, GpuUsageStats stats) {

    /**
     * One GPU.
     *
     * @param report     the window's statistics, score and status
     * @param processes  compute processes at the last sample, with their owners
     * @param namespaces namespaces of those processes ({@code host} for processes outside pods), sorted
     * @param advice     the rule-based advice (always present)
     */
    public record Gpu(GpuUsageReport report, List<Owner> processes, List<String> namespaces, GpuAdvisor.Advice advice) {
    }

    /**
     * A compute process and who runs it.
     *
     * @param container container id, empty outside containers
     * @param pod       pod name, empty when unknown
     * @param namespace namespace, {@code host} outside pods
     */
    public record Owner(int pid, long memoryBytes, double smPercent, String container, String pod, String namespace) {
    }

    /**
     * The LLM's answer for one GPU, kept apart from the analyses because it arrives later.
     *
     * @param analysisId the analysis it was asked for
     * @param advice     the validated advice, or null when the request failed
     * @param error      why it failed; empty on success
     */
    public record Ai(long analysisId, Instant time, GpuAdvisor.Advice advice, String error) {

        /** {@code ok} or {@code failed}. */
        public String status() {
            return advice != null ? "ok" : "failed";
        }
    }
}
