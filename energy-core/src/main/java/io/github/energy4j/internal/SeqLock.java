package io.github.energy4j.internal;

import java.lang.invoke.VarHandle;

/**
 * A sequence lock for one writer at a time and any number of readers that never block it: the sequence is odd while
 * the writer writes; a reader copies the guarded fields between {@link #beginRead()} and {@link #validate(long)} and
 * copies again when the sequence moved. Allocation-free. The guarded fields are plain: the volatile sequence and the
 * fences order them.
 *
 * <pre>{@code
 * long s = lock.beginWrite();          long s;
 * try { write fields }                 do { s = lock.beginRead(); copy fields }
 * finally { lock.endWrite(s); }        while (!lock.validate(s));
 * }</pre>
 */
final class SeqLock {

    private volatile long seq;

    /** Marks the start of a write (the sequence turns odd); returns the token for {@link #endWrite(long)}. */
    long beginWrite() {
        long s = seq;
        seq = s + 1;
        VarHandle.releaseFence(); // the odd sequence is visible before any field written after it
        return s;
    }

    /** Marks the end of a write: the fields written since {@link #beginWrite()} are visible before the even value. */
    void endWrite(long token) {
        seq = token + 2;
    }

    /** Waits out a write in progress and returns the sequence to validate the copy against. */
    long beginRead() {
        long s;
        while (((s = seq) & 1) != 0) {
            Thread.onSpinWait();
        }
        return s;
    }

    /** Whether the fields copied since {@link #beginRead()} returned {@code s} are one consistent state. */
    boolean validate(long s) {
        VarHandle.acquireFence(); // the copy's loads happen before the sequence is read again
        return seq == s;
    }
}
