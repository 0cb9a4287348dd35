package io.github.energy4j.benchmarks;

import io.github.energy4j.testing.FakeProcfs;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fake {@code /proc} of {@code n} processes (pids 1000 … 1000+n-1) in the kernel's exact
 * {@code /proc/[pid]/stat} format ({@link FakeProcfs#pidStatLine}), plus a churn pool: {@code spare}
 * extra process directories kept under hidden names, which {@link #churn(int)} swaps with live ones by
 * renaming (one syscall each, no heap allocation) and announces through the fork counter of
 * {@code /proc/stat}, rewritten in place from one of two preformatted buffers of equal length.
 */
final class SyntheticProcfs implements AutoCloseable {

    static final int FIRST_PID = 1000;

    private final Path root;
    private final FakeProcfs fake;
    private final File[] live;
    private final File[] hidden;
    private final boolean[] isLive;
    private final int total;
    private FileChannel statChannel;
    private ByteBuffer[] statVersions;
    private int statVersion;
    private int cursor;

    private SyntheticProcfs(Path root, FakeProcfs fake, int n, int spare) {
        this.root = root;
        this.fake = fake;
        this.total = n + spare;
        this.live = new File[total];
        this.hidden = new File[total];
        this.isLive = new boolean[total];
        for (int i = 0; i < total; i++) {
            String pid = Integer.toString(FIRST_PID + i);
            live[i] = root.resolve(pid).toFile();
            hidden[i] = root.resolve(".gone-" + pid).toFile();
            isLive[i] = i < n;
        }
    }

    /** Writes the tree into a new temporary directory. */
    static SyntheticProcfs create(int n, int spare) throws IOException {
        Path root = Files.createTempDirectory("energy4j-bench-proc");
        FakeProcfs fake = FakeProcfs.create(root).cpus(2).cpuTicks(100_000, 0, 20_000, 500_000, 0, 0, 0, 0);
        SyntheticProcfs p = new SyntheticProcfs(root, fake, n, spare);
        for (int i = 0; i < n + spare; i++) {
            int pid = FIRST_PID + i;
            // varied ticks and start times, comms of realistic length, one with a space and a parenthesis
            String comm = i % 97 == 0 ? "kworker/u4:2 (x)" : "proc-" + (i % 50);
            Path dir = i < n ? root.resolve(Integer.toString(pid)) : root.resolve(".gone-" + pid);
            Files.createDirectories(dir);
            Files.write(dir.resolve("stat"), FakeProcfs.pidStatLine(pid, comm, 'S', 1000L + i * 7L, 300L + i,
                    50_000L + i).getBytes(StandardCharsets.US_ASCII));
        }
        fake.forks(1_000_000);
        return p;
    }

    Path root() {
        return root;
    }

    /** The builder behind the tree, to move its CPU counters. */
    FakeProcfs fake() {
        return fake;
    }

    /**
     * Makes {@code k} live processes exit and {@code k} others appear, and moves the fork counter.
     * Allocation-free after the first call.
     */
    void churn(int k) throws IOException {
        if (statChannel == null) {
            openStat();
        }
        int moved = 0;
        while (moved < 2 * k) {
            int i = cursor;
            cursor = (cursor + 1) % total;
            boolean ok = isLive[i] ? live[i].renameTo(hidden[i]) : hidden[i].renameTo(live[i]);
            if (!ok) {
                throw new IOException("cannot rename " + (isLive[i] ? live[i] : hidden[i]));
            }
            isLive[i] = !isLive[i];
            moved++;
        }
        statVersion ^= 1;
        ByteBuffer b = statVersions[statVersion];
        b.rewind();
        statChannel.write(b, 0);
    }

    private void openStat() throws IOException {
        // two versions of /proc/stat differing only in the fork counter, same length, so an in-place write
        // needs no truncation
        statVersions = new ByteBuffer[2];
        for (int v = 0; v < 2; v++) {
            fake.forks(2_000_000 + v);
            statVersions[v] = ByteBuffer.wrap(Files.readAllBytes(root.resolve("stat")));
        }
        statChannel = FileChannel.open(root.resolve("stat"), StandardOpenOption.WRITE);
    }

    @Override
    public void close() throws IOException {
        if (statChannel != null) {
            statChannel.close();
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
