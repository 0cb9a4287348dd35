package io.github.energy4j.carbon;

/** A country code or cloud region id that the embedded dataset does not know; the message says how to list valid ids. */
public final class UnknownZoneException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnknownZoneException(String message) {
        super(message);
    }
}
