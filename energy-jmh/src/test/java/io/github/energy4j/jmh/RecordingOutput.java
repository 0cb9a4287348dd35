package io.github.energy4j.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/** JMH's own text output on stdout, plus a record of every iteration's results and of all text, forks' included. */
final class RecordingOutput implements OutputFormat {

    /** One iteration as the host JVM received it, with the score of each secondary result by label. */
    record Iteration(String benchmark, IterationType type, int index, Map<String, Double> secondary) {
    }

    private final OutputFormat text = OutputFormatFactory.createFormatInstance(System.out, VerboseMode.NORMAL);
    private final List<Iteration> iterations = new ArrayList<>();
    private final StringBuilder all = new StringBuilder();

    synchronized List<Iteration> iterations() {
        return List.copyOf(iterations);
    }

    synchronized String text() {
        return all.toString();
    }

    @Override
    public synchronized void iterationResult(BenchmarkParams benchmark, IterationParams iteration, int index,
                                             IterationResult result) {
        Map<String, Double> scores = new HashMap<>();
        for (String label : result.getSecondaryResults().keySet()) {
            scores.put(label, result.getSecondaryResults().get(label).getScore());
        }
        iterations.add(new Iteration(benchmark.getBenchmark(), iteration.getType(), index, scores));
        text.iterationResult(benchmark, iteration, index, result);
    }

    @Override
    public void iteration(BenchmarkParams benchmark, IterationParams iteration, int index) {
        text.iteration(benchmark, iteration, index);
    }

    @Override
    public void startBenchmark(BenchmarkParams benchmark) {
        text.startBenchmark(benchmark);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        text.endBenchmark(result);
    }

    @Override
    public void startRun() {
        text.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> results) {
        text.endRun(results);
    }

    @Override
    public synchronized void print(String s) {
        all.append(s);
        text.print(s);
    }

    @Override
    public synchronized void println(String s) {
        all.append(s).append('\n');
        text.println(s);
    }

    @Override
    public void flush() {
        text.flush();
    }

    @Override
    public void close() {
        text.close();
    }

    @Override
    public synchronized void verbosePrintln(String s) {
        all.append(s).append('\n');
        text.verbosePrintln(s);
    }

    @Override
    public synchronized void write(int b) {
        all.append((char) b);
        text.write(b);
    }

    @Override
    public synchronized void write(byte[] b) throws IOException {
        all.append(new String(b, StandardCharsets.UTF_8));
        text.write(b);
    }
}
