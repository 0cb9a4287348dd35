package io.github.energy4j.profiler.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A recorded window written as text (under {@code src/test/resources/fixtures/samples/}), read into a closed
 * {@link Window} over a {@link CallTree}:
 * <pre>
 * energy 10.0            the process's CPU joules over the window (NaN: unreadable)
 * process-cpu 1000ms     the process's CPU time over the window
 * thread 1 app 600ms     a live thread: id, kind (app, carrier, profiler), CPU time over the window
 * sample 1 a;b;c         an execution sample of platform thread 1, outermost frame first
 * native 1 a;n           a native-method sample
 * virtual 101 a;v        an execution sample of virtual thread 101
 * </pre>
 */
final class SampleFixture {

    final CallTree tree = new CallTree();
    final WindowAttribution.Pseudo pseudo = WindowAttribution.Pseudo.in(tree);
    final Window window = new Window(0);

    private SampleFixture() {
    }

    static SampleFixture load(String name) {
        try (InputStream in = SampleFixture.class.getResourceAsStream("/fixtures/samples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SampleFixture parse(String text) {
        SampleFixture f = new SampleFixture();
        double energy = Double.NaN;
        long processCpu = 0;
        ThreadCpu threads = new ThreadCpu();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split("\\s+");
            switch (w[0]) {
                case "energy":
                    energy = Double.parseDouble(w[1]);
                    break;
                case "process-cpu":
                    processCpu = millis(w[1]) * 1_000_000L;
                    break;
                case "thread":
                    byte kind = w[2].equals("carrier") ? ThreadCpu.CARRIER : w[2].equals("profiler") ? ThreadCpu.PROFILER
                            : ThreadCpu.APP;
                    threads.add(Long.parseLong(w[1]), millis(w[3]) * 1_000_000L, kind);
                    break;
                case "sample":
                case "native":
                case "virtual":
                    byte flags = w[0].equals("native") ? Window.NATIVE : w[0].equals("virtual") ? Window.VIRTUAL : 0;
                    f.window.add(Long.parseLong(w[1]), f.tree.path(Arrays.asList(w[2].split(";"))), flags);
                    break;
                default:
                    throw new IllegalArgumentException("unknown fixture line: " + line);
            }
        }
        f.window.close(1_000_000_000L, energy, Double.NaN, processCpu, threads);
        return f;
    }

    private static long millis(String v) {
        if (!v.endsWith("ms")) {
            throw new IllegalArgumentException("durations in fixtures are in ms: " + v);
        }
        return Long.parseLong(v.substring(0, v.length() - 2));
    }

    /** The node of a path, outermost frame first, separated by ';'. */
    int node(String path) {
        return tree.path(Arrays.asList(path.split(";")));
    }
}
