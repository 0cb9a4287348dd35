package io.github.energy4j.profiler.internal.report;

import io.github.energy4j.Provenance;
import java.time.Duration;
import java.time.Instant;

/**
 * What every output states about a profile.
 *
 * @param provenance        whether the CPU energy is measured (every zone a sensor) or estimated (a CPU model);
 *                          unavailable when no window had a CPU energy figure
 * @param interval          the requested JFR sampling interval
 * @param window            the attribution window (one meter sample each)
 * @param samples           samples that carried energy
 * @param coverage          the CPU time of threads whose energy went to their own samples over the process's CPU
 *                          time, 0 to 1 (NaN when the process used no CPU time); the rest went to pseudo-frames
 * @param joules            the process's CPU energy over the profile, all of it attributed (Σ self = this)
 * @param gpuJoules         the process's GPU energy over the profile, reported beside and never per method (NaN
 *                          when no GPU is metered)
 * @param gpuProvenance     whether the GPU energy is measured or estimated
 * @param cpuSeconds        the process's CPU time over the profile
 * @param sampledCpuSeconds the part of it whose energy went to samples
 * @param duration          wall time the settled windows span
 * @param windows           settled windows
 * @param unpricedWindows   windows without a CPU energy figure (counted as 0 J)
 * @param lateSamples       samples dropped because they arrived after their window was settled
 * @param pid               the profiled process
 * @param application       its main class or jar
 * @param start             when the profile started
 */
public record ProfileSummary(Provenance provenance, Duration interval, Duration window, long samples,
                             double coverage, double joules, double gpuJoules, Provenance gpuProvenance,
                             double cpuSeconds, double sampledCpuSeconds, Duration duration, long windows,
                             long unpricedWindows, long lateSamples, long pid, String application, Instant start) {
}
