/**
 * Kubernetes and container workloads: the {@code k8s} {@link io.github.energy4j.spi.WorkloadResolverProvider}
 * ({@link io.github.energy4j.k8s.K8sWorkloadResolverProvider}), which maps processes to containers and pods
 * through {@code /proc/[pid]/cgroup} and labels them with pod metadata from the kubelet or API server. Not API:
 * applications get it through {@link java.util.ServiceLoader}; exported only to the agent.
 */
package io.github.energy4j.k8s;
