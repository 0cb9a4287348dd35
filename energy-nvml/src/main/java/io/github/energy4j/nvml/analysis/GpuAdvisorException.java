package io.github.energy4j.nvml.analysis;

/** An advisor could not answer; the message says why and what to check. */
public class GpuAdvisorException extends Exception {

    private static final long serialVersionUID = 1L;

    public GpuAdvisorException(String message) {
        super(message);
    }

    public GpuAdvisorException(String message, Throwable cause) {
        super(message, cause);
    }
}
