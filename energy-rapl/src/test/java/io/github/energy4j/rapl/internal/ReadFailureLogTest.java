package io.github.energy4j.rapl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

class ReadFailureLogTest {

    /** An slf4j logger that keeps what it is given, at every level. */
    private static final class Recording extends AbstractLogger {
        private static final long serialVersionUID = 1L;
        final List<String> lines = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                                   Throwable t) {
            lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, args)
                    + (t == null ? "" : " [" + t.getClass().getSimpleName() + "]"));
        }

        @Override public boolean isTraceEnabled() { return true; }
        @Override public boolean isTraceEnabled(Marker m) { return true; }
        @Override public boolean isDebugEnabled() { return true; }
        @Override public boolean isDebugEnabled(Marker m) { return true; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isInfoEnabled(Marker m) { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isWarnEnabled(Marker m) { return true; }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public boolean isErrorEnabled(Marker m) { return true; }
    }

    @Test
    void shouldWarnOnceWithTheCauseThenOnlyDebug() {
        Recording log = new Recording();
        ReadFailureLog failures = new ReadFailureLog(log, "RAPL MSR");
        failures.failed("package-0: /dev/cpu/0/msr: EIO", new IOException("EIO"));
        failures.failed("package-0: /dev/cpu/0/msr: EIO", new IOException("EIO"));
        failures.failed("dram-0: /dev/cpu/0/msr: EIO", null);
        assertEquals(List.of(
                "WARN RAPL MSR unreadable, zone reported as unavailable: package-0: /dev/cpu/0/msr: EIO [IOException]",
                "DEBUG RAPL MSR unreadable: package-0: /dev/cpu/0/msr: EIO",
                "DEBUG RAPL MSR unreadable: dram-0: /dev/cpu/0/msr: EIO"), log.lines);
    }
}
