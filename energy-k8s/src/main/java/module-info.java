/** cgroup to container to pod resolution and pod metadata from the kubelet or the API server. */
module io.github.energy4j.k8s {
    requires io.github.energy4j;
    requires org.slf4j;
    requires java.net.http;
    requires com.fasterxml.jackson.core;

    exports io.github.energy4j.k8s;
    exports io.github.energy4j.k8s.attribution;
    // the command line's ps and the agent's pod reader; cgroup parsing stays inside
    exports io.github.energy4j.k8s.cli to io.github.energy4j.agent;
    exports io.github.energy4j.k8s.pods to io.github.energy4j.agent;

    provides io.github.energy4j.spi.WorkloadResolverProvider with io.github.energy4j.k8s.K8sWorkloadResolverProvider;
}
