package io.github.energy4j.platform.redfish;

import java.io.IOException;

/** A Redfish request that failed with an HTTP status. */
final class RedfishException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;

    RedfishException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
