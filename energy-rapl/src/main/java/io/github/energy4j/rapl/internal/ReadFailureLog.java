package io.github.energy4j.rapl.internal;

import org.slf4j.Logger;

/**
 * How a RAPL source reports an unreadable counter: the first failure at WARN (with the reason, so an operator sees
 * it once), every later one at DEBUG, so that a counter that stays broken does not write a line per sample. The
 * zone itself reads unavailable either way. Single writer (the sampler thread); allocates nothing itself.
 */
final class ReadFailureLog {

    private final Logger log;
    private final String counter;
    private boolean warned;

    /** @param counter what failed, as the log line names it ({@code RAPL counter}, {@code RAPL MSR}) */
    ReadFailureLog(Logger log, String counter) {
        this.log = log;
        this.counter = counter;
    }

    /** Logs one failed read; {@code cause} may be null. */
    void failed(String detail, Throwable cause) {
        if (!warned) {
            warned = true;
            if (cause != null) {
                log.warn("{} unreadable, zone reported as unavailable: {}", counter, detail, cause);
            } else {
                log.warn("{} unreadable, zone reported as unavailable: {}", counter, detail);
            }
        } else {
            log.debug("{} unreadable: {}", counter, detail);
        }
    }
}
