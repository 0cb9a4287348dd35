package io.github.energy4j.carbon.providers.internal;

/**
 * A fetch from an intensity feed failed. The message says what happened and what to do; it never contains
 * a token or password.
 */
public final class FeedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of failure, so callers can tell a bad token from an outage. */
    public enum Kind {
        /** 401/403: the token or credentials are missing or wrong. */
        UNAUTHORIZED,
        /** 429: the plan's request quota is used up. */
        RATE_LIMITED,
        /** 5xx from the service. */
        SERVER_ERROR,
        /** Another 4xx: usually an unknown zone or region. */
        CLIENT_ERROR,
        /** No answer within the request timeout. */
        TIMEOUT,
        /** Connection refused, DNS failure, reset. */
        NETWORK,
        /** The body was not the documented JSON shape. */
        BAD_RESPONSE,
        /** The provider does not offer this kind of data. */
        NOT_SUPPORTED,
        /** The configuration is incomplete (no token, no zone). */
        NOT_CONFIGURED
    }

    private final Kind kind;
    private final int httpStatus;

    public FeedException(Kind kind, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
    }

    public FeedException(Kind kind, String message) {
        this(kind, 0, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when there was no HTTP answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
