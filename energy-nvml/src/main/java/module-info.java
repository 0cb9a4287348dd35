/** NVIDIA GPU energy through NVML, per-process GPU attribution, GPU usage analysis. */
module io.github.energy4j.nvml {
    requires io.github.energy4j;
    requires com.sun.jna;
    requires org.slf4j;
    requires java.net.http;
    requires com.fasterxml.jackson.core;
    requires static micrometer.core;

    // API: the GPU descriptions, the analysis entry points, its report and the advisor SPI
    exports io.github.energy4j.nvml;
    exports io.github.energy4j.nvml.analysis;
    // found through the providers below; the agent names the GPUs and reads the advisors' settings
    exports io.github.energy4j.nvml.source to io.github.energy4j.agent;
    exports io.github.energy4j.nvml.analysis.internal to io.github.energy4j.agent;
    // fleet mode of the command line's gpus: analysis from Prometheus history, not API
    exports io.github.energy4j.nvml.fleet to io.github.energy4j.agent;
    // JNA reflects on the binding's structures and direct-mapped methods
    opens io.github.energy4j.nvml.internal to com.sun.jna;

    uses io.github.energy4j.nvml.analysis.GpuAdvisor;

    provides io.github.energy4j.spi.PowerSourceProvider with io.github.energy4j.nvml.source.NvmlPowerSourceProvider;
    provides io.github.energy4j.nvml.analysis.GpuAdvisor with
            io.github.energy4j.nvml.analysis.internal.RuleGpuAdvisor,
            io.github.energy4j.nvml.analysis.internal.ChatCompletionsGpuAdvisor;
}
