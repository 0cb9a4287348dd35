/** cgroup to container to pod resolution and pod metadata from the kubelet or the API server. */
module io.github.energy4j.k8s {
    requires io.github.energy4j;
    requires org.slf4j;
    requires java.net.http;
    requires com.fasterxml.jackson.core;

    // nothing exported to everyone: applications get the k8s resolver through the core's WorkloadResolverProvider
    // SPI (ServiceLoader) and configure it with SourceContext settings. The resolver and the levels take pod
    // metadata (k8s.pods), which is not API, so they are the agent's alone.
    exports io.github.energy4j.k8s to io.github.energy4j.agent;
    exports io.github.energy4j.k8s.attribution to io.github.energy4j.agent;
    // the agent's pod reader; cgroup parsing stays inside
    exports io.github.energy4j.k8s.pods to io.github.energy4j.agent;

    provides io.github.energy4j.spi.WorkloadResolverProvider with io.github.energy4j.k8s.K8sWorkloadResolverProvider;
}
