package io.github.energy4j.internal.json;

/**
 * A JSON text that is not JSON, or a JSON value that lacks what the reader needs. The message says where:
 * the line, column and character offset of a syntax error, or the member path of a missing or mistyped
 * value. Modules turn it into their own error type (a Redfish {@code IOException}, a carbon feed's
 * {@code FeedException} with the provider id) where they have one.
 */
public final class JsonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int offset;

    JsonException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** The character offset of a syntax error in the text, or -1 for an error about a parsed value's shape. */
    public int offset() {
        return offset;
    }
}
