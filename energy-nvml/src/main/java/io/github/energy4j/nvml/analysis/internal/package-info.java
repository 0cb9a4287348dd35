/**
 * The parts of the GPU usage analysis that are not API: the built-in advisors ({@code rules}, and {@code chat}, an
 * OpenAI-compatible chat-completions client), the report's JSON writer, pod and namespace sums, the status counts
 * and the Micrometer gauges. Exported only to the agent; the advisors are found through
 * {@link java.util.ServiceLoader} as {@link io.github.energy4j.nvml.analysis.GpuAdvisor}s.
 */
package io.github.energy4j.nvml.analysis.internal;
