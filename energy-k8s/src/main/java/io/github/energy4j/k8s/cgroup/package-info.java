/**
 * cgroup parsing: {@code /proc/[pid]/cgroup} to container, pod and QoS class ({@link
 * io.github.energy4j.k8s.cgroup.CgroupParser}, cold path; {@code /proc/[pid]/mountinfo} when the process sees its
 * cgroup as its namespace's root, through {@link io.github.energy4j.k8s.cgroup.ProcessCgroupReader}) and
 * container-level CPU counters ({@link io.github.energy4j.k8s.cgroup.ContainerCpuReader}: allocation-free after
 * warm-up; single writer, the sampler thread).
 */
package io.github.energy4j.k8s.cgroup;
