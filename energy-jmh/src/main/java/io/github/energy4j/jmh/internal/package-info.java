/**
 * The profiler's parts: option parsing, the one meter of a forked JVM, and the energy of one iteration. Not
 * exported; runs on JMH's iteration thread, outside the measured code.
 */
package io.github.energy4j.jmh.internal;
