package io.github.energy4j.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the kernel charges to format each per-process CPU-time file, read as the meter reads (kept-open
 * descriptors, positioned read at offset 0) for every process of the real {@code /proc} with 1000 sleeping
 * children spawned at setup: {@code /proc/[pid]/stat} (52 fields; utime and stime summed over the thread group)
 * against {@code /proc/[pid]/schedstat} (3 fields: {@code sum_exec_runtime} in ns, run delay, time slices).
 *
 * <p>{@code schedstat} is not a drop-in: {@code proc_pid_schedstat} ({@code fs/proc/base.c}) prints the
 * {@code task_struct} it is given, which for {@code /proc/[pid]} is the thread-group leader only, so the run time of
 * a multi-threaded process's other threads is missing (they are in {@code /proc/[pid]/task/[tid]/schedstat}); and
 * with {@code CONFIG_SCHED_INFO} off or sched_info disabled it reads {@code 0 0 0}. This benchmark measures what the
 * cheaper file would save; the {@code schedstatAllThreads} row is what an exact process total would cost from it.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar StatVsSchedstatBenchmark -f 1 -wi 3 -i 5 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StatVsSchedstatBenchmark {

    @Param({"1000"})
    public int sleepers;

    private Sleepers children;
    private FileChannel[] stat;
    private FileChannel[] schedstat;
    private FileChannel[] taskSchedstat;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1024);

    @Setup
    public void setUp() throws IOException {
        children = Sleepers.spawn(sleepers);
        List<FileChannel> st = new ArrayList<>();
        List<FileChannel> ss = new ArrayList<>();
        List<FileChannel> ts = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    FileChannel a = FileChannel.open(p.resolve("stat"), StandardOpenOption.READ);
                    FileChannel b = FileChannel.open(p.resolve("schedstat"), StandardOpenOption.READ);
                    st.add(a);
                    ss.add(b);
                    try (Stream<Path> tasks = Files.list(p.resolve("task"))) {
                        for (Path t : tasks.toList()) {
                            ts.add(FileChannel.open(t.resolve("schedstat"), StandardOpenOption.READ));
                        }
                    }
                } catch (IOException e) {
                    // exited meanwhile
                }
            }
        }
        stat = st.toArray(new FileChannel[0]);
        schedstat = ss.toArray(new FileChannel[0]);
        taskSchedstat = ts.toArray(new FileChannel[0]);
        if (stat.length < sleepers) {
            throw new IllegalStateException("only " + stat.length + " processes found");
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        for (FileChannel[] all : new FileChannel[][] {stat, schedstat, taskSchedstat}) {
            for (FileChannel c : all) {
                c.close();
            }
        }
        children.close();
    }

    @Benchmark
    public long stat() {
        return readAll(stat);
    }

    @Benchmark
    public long schedstat() {
        return readAll(schedstat);
    }

    @Benchmark
    public long schedstatAllThreads() {
        return readAll(taskSchedstat);
    }

    /** Reads every file once; a process that exited meanwhile (ESRCH) counts as a read of nothing, as in the meter. */
    private long readAll(FileChannel[] channels) {
        long bytes = 0;
        final ByteBuffer b = buf;
        for (FileChannel c : channels) {
            b.clear();
            try {
                bytes += c.read(b, 0);
            } catch (IOException e) {
                bytes--;
            }
        }
        return bytes;
    }
}
