package io.github.energy4j.spring.web;

import io.github.energy4j.EnergyReading;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot web application with two endpoints that burn a fixed amount of CPU time on the request thread, and
 * a handler that keeps the server-request observation contexts so a test can wait until each is counted.
 */
@SpringBootApplication
public class BurnApplication {

    static final long HEAVY_MILLIS = 120;
    static final long LIGHT_MILLIS = 30;

    @RestController
    static class BurnController {

        /** Burns 120 ms of this thread's CPU time and answers the CPU nanoseconds it used. */
        @GetMapping("/heavy")
        long heavy() {
            return burn(HEAVY_MILLIS);
        }

        /** Burns 30 ms. */
        @GetMapping("/light")
        long light() {
            return burn(LIGHT_MILLIS);
        }
    }

    /** The http.server.requests contexts, to read their {@link EnergyReading} once the handler put it there. */
    static final class ServerRequests implements ObservationHandler<ServerRequestObservationContext> {
        final Queue<ServerRequestObservationContext> contexts = new ConcurrentLinkedQueue<>();

        @Override
        public void onStart(ServerRequestObservationContext context) {
            contexts.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof ServerRequestObservationContext;
        }
    }

    @Bean
    ServerRequests serverRequests() {
        return new ServerRequests();
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static volatile long sink;

    /** Burns {@code millis} of this thread's CPU time (not wall time); answers the CPU nanoseconds used. */
    static long burn(long millis) {
        long start = THREADS.getCurrentThreadCpuTime();
        long end = start + millis * 1_000_000;
        long x = 0;
        long now;
        while ((now = THREADS.getCurrentThreadCpuTime()) < end) {
            x += Long.numberOfTrailingZeros(x * 31 + System.nanoTime());
        }
        sink = x;
        return now - start;
    }
}
