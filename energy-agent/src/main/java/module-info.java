/** The energy4j command line and node agent. */
module io.github.energy4j.agent {
    requires io.github.energy4j;
    requires io.github.energy4j.rapl;
    requires io.github.energy4j.nvml;
    requires io.github.energy4j.k8s;
    requires io.github.energy4j.carbon;
    requires io.github.energy4j.platform;
    // profile: the profiler's option parser, and the attach API that loads its agent into a running JVM
    requires io.github.energy4j.profiler;
    requires jdk.attach;
    requires org.slf4j;
    requires com.fasterxml.jackson.core;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    // the Prometheus client behind Micrometer's registry (an automatic module, which declares no requires)
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires jdk.httpserver;
    // the command line's parser, which fills the commands' and mixins' option fields reflectively
    requires info.picocli;

    // a program, not a library: nothing exported (the launcher and the image run Main from the class path)
    opens io.github.energy4j.agent to info.picocli;
    opens io.github.energy4j.agent.carbon to info.picocli;
    opens io.github.energy4j.agent.extender to info.picocli;
    opens io.github.energy4j.agent.gpus to info.picocli;
    opens io.github.energy4j.agent.history to info.picocli;
    opens io.github.energy4j.agent.ps to info.picocli;

    uses io.github.energy4j.spi.PowerSourceProvider;
    uses io.github.energy4j.spi.WorkloadResolverProvider;
}
