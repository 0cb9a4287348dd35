package io.github.energy4j.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Real processes for the benchmarks over {@code /proc}: {@code n} sleeping children, killed at tear-down. */
final class Sleepers implements AutoCloseable {

    private final List<Process> children = new ArrayList<>();

    static Sleepers spawn(int n) throws IOException {
        Sleepers s = new Sleepers();
        try {
            ProcessBuilder pb = new ProcessBuilder("sleep", "86400").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            for (int i = 0; i < n; i++) {
                s.children.add(pb.start());
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    int size() {
        return children.size();
    }

    @Override
    public void close() {
        for (Process p : children) {
            p.destroyForcibly();
        }
        for (Process p : children) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        children.clear();
    }
}
