package io.github.energy4j.spi;

import java.util.Objects;

/** A power source or resolver could not be opened; carries a machine-readable reason and a remedy. */
public class EnergySourceException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a source failed. */
    public enum Reason {
        /** The hardware, kernel or driver does not offer this data. */
        NOT_SUPPORTED,
        /** The data exists but this process may not read it. */
        PERMISSION_DENIED,
        /** A native library (NVML, ...) is not installed. */
        LIBRARY_MISSING,
        /** The device answered with an error. */
        DEVICE_ERROR,
        /** The configuration given to the source is wrong. */
        CONFIGURATION
    }

    private final Reason reason;
    private final String remedy;

    public EnergySourceException(Reason reason, String message, String remedy) {
        this(reason, message, remedy, null);
    }

    public EnergySourceException(Reason reason, String message, String remedy, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.remedy = remedy == null ? "" : remedy;
    }

    public Reason reason() {
        return reason;
    }

    /** What to do about it; empty when nothing can be done. */
    public String remedy() {
        return remedy;
    }
}
