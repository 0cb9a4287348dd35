/**
 * cgroup parsing: {@code /proc/[pid]/cgroup} to container, pod and QoS class ({@link
 * io.github.energy4j.k8s.cgroup.CgroupParser}, cold path) and container-level CPU counters ({@link
 * io.github.energy4j.k8s.cgroup.ContainerCpuReader}: allocation-free after warm-up; single writer, the sampler
 * thread).
 */
package io.github.energy4j.k8s.cgroup;
