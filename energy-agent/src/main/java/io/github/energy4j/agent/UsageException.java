package io.github.energy4j.agent;

/**
 * A bad command line or an unusable input found while a command runs: printed as one line on stderr,
 * {@code energy4j COMMAND: MESSAGE}, exit code 2. The message does not repeat the command.
 */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message, null, false, false);
    }
}
