package io.github.energy4j.procfs;

/** Receives each process read by {@link ProcfsScanner#scan(ProcessSink)}. Sampler thread only. */
public interface ProcessSink {

    /**
     * One live process.
     *
     * @param stat the parsed fields; valid only during the call
     * @param buf  the buffer the comm bytes live in ({@code stat.commFrom .. stat.commTo}); valid only during the
     *             call, and not necessarily the whole stat line
     */
    void process(PidStat stat, byte[] buf);
}
