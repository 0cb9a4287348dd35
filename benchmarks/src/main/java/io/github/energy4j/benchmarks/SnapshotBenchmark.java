package io.github.energy4j.benchmarks;

import io.github.energy4j.procfs.PidStat;
import io.github.energy4j.procfs.ProcessSink;
import io.github.energy4j.procfs.ProcfsScanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;
import oshi.util.GlobalConfig;

/**
 * A CPU-time snapshot of every process, four ways, over the same tree:
 * <ul>
 *   <li>{@code ours}: {@link ProcfsScanner} as the meter uses it (stat files kept open and re-read with a
 *       positioned read; the directory listed only when the fork counter moved);</li>
 *   <li>{@code oursListing}: the scanner listing and opening, reading and closing every file each time,
 *       the same work as the C floor;</li>
 *   <li>{@code oshi}: OSHI's {@code OperatingSystem.getProcesses()} (utime and stime of each process are
 *       summed), the peer Java library;</li>
 *   <li>{@code cFloor}: {@code procfloor.c}, {@code readdir} plus open/read/close/parse of each stat file
 *       in C, called once per operation through JNA ({@link CFloor});</li>
 *   <li>{@code cFloorKept}: {@code procfloor_kept.c}, the fair floor: the same work as {@code ours} in C
 *       ({@code /proc/stat} read and parsed, the directory listed only when the fork counter moved, one kept-open
 *       descriptor per stat file re-read with {@code pread}, the same fields parsed);</li>
 *   <li>{@code cReadOnly} and {@code jdkReadOnly}: the reads alone, one positioned read of every kept-open stat
 *       file into one buffer (no gate, no parse), in C ({@code pread}) and through the JDK
 *       ({@code FileChannel.read(ByteBuffer, long)}, as {@code ours} reads): the part of ours/cFloorKept that is
 *       the JDK's read path, not our code.</li>
 * </ul>
 * {@code tree=proc}: the real {@code /proc} with 1000 sleeping children spawned at setup (plus what runs
 * on the machine). {@code tree=synthetic}: 10 000 processes in a fake tree in the kernel's format; OSHI is
 * pointed at it with {@code oshi.util.proc.path}, and finds only {@code stat} there (no {@code status},
 * {@code io}, {@code exe}), so its synthetic row is a lower bound of its cost. The ratios asked for are
 * ours/cFloorKept (equal work), oursListing/cFloor (equal work, open per read) and oshi/ours.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar SnapshotBenchmark -f 1 -wi 3 -i 5 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SnapshotBenchmark {

    @Param({"proc", "synthetic"})
    public String tree;

    private SyntheticProcfs synthetic;
    private Sleepers sleepers;
    private Path root;
    private byte[] cRoot;
    private final long[] cTicks = new long[1];
    private long keptFloor;
    private ProcfsScanner kept;
    private FileChannel[] channels = new FileChannel[0];
    private final ByteBuffer readBuffer = ByteBuffer.allocate(4096);
    private ProcfsScanner listing;
    private final TickSum sink = new TickSum();
    private OperatingSystem os;

    /** Sums CPU ticks so no read can be optimised away; not a lambda, so the scan allocates nothing. */
    static final class TickSum implements ProcessSink {
        long ticks;

        @Override
        public void process(PidStat stat, byte[] buf) {
            ticks += stat.cpuTicks();
        }
    }

    @Setup
    public void setUp(BenchmarkParams params) throws IOException, InterruptedException {
        if ("synthetic".equals(tree)) {
            synthetic = SyntheticProcfs.create(10_000, 0);
            root = synthetic.root();
            // read once when OSHI's ProcPath class loads; each @Param value runs in its own fork
            GlobalConfig.set(GlobalConfig.OSHI_UTIL_PROC_PATH, root.toString());
        } else {
            sleepers = Sleepers.spawn(1000);
            root = Path.of("/proc");
        }
        cRoot = CFloor.cPath(root);
        CFloor.load();
        // The two kept-open readers hold one descriptor per process each: 20 000 on the synthetic tree, the
        // whole descriptor limit of some machines. Each fork keeps only the one its benchmark measures.
        boolean measuresKeptFloor = params.getBenchmark().endsWith(".cFloorKept")
                || params.getBenchmark().endsWith(".cReadOnly");
        keptFloor = CFloor.keptfloor_open(cRoot);
        if (keptFloor == 0) {
            throw new IllegalStateException("procfloor_kept cannot open " + root.resolve("stat"));
        }
        int k = cFloorKept();
        if (!measuresKeptFloor) {
            CFloor.keptfloor_close(keptFloor);
            keptFloor = 0;
        }
        kept = new ProcfsScanner(root, false, Integer.MAX_VALUE, 1 << 20);
        int o = ours();
        if (measuresKeptFloor) {
            kept.close();
        }
        if (params.getBenchmark().endsWith(".jdkReadOnly")) {
            channels = openStatFiles(root);
            kept.close();
        }
        listing = new ProcfsScanner(root, true, 1, 1 << 20);
        os = new SystemInfo().getOperatingSystem();
        int c = cFloor();
        int l = oursListing();
        int s = os.getProcesses().size();
        // all four must see the same tree (give or take processes starting or ending meanwhile)
        if (Math.abs(c - o) > 50 || Math.abs(c - l) > 50 || Math.abs(c - s) > 50 || Math.abs(c - k) > 50
                || c < 1000) {
            throw new IllegalStateException("process counts differ: c=" + c + " cKept=" + k + " ours=" + o
                    + " listing=" + l
                    + " oshi=" + s);
        }
    }

    /** Every {@code [pid]/stat} of {@code root}, open (a process gone meanwhile is left out). */
    private static FileChannel[] openStatFiles(Path root) throws IOException {
        List<FileChannel> open = new ArrayList<>();
        String[] names = root.toFile().list();
        for (String name : names == null ? new String[0] : names) {
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                try {
                    open.add(FileChannel.open(root.resolve(name).resolve("stat"), StandardOpenOption.READ));
                } catch (IOException e) {
                    // exited since the listing
                }
            }
        }
        return open.toArray(new FileChannel[0]);
    }

    @TearDown
    public void tearDown() throws IOException {
        for (FileChannel ch : channels) {
            ch.close();
        }
        if (keptFloor != 0) {
            CFloor.keptfloor_close(keptFloor);
        }
        kept.close();
        listing.close();
        if (synthetic != null) {
            synthetic.close();
        }
        if (sleepers != null) {
            sleepers.close();
        }
    }

    @Benchmark
    public int ours() {
        return kept.scan(sink);
    }

    @Benchmark
    public long jdkReadOnly() throws IOException {
        long bytes = 0;
        final ByteBuffer b = readBuffer;
        for (FileChannel ch : channels) {
            b.clear();
            int n = ch.read(b, 0);
            if (n > 0) {
                bytes += n;
            }
        }
        return bytes;
    }

    @Benchmark
    public long cReadOnly() {
        return CFloor.keptfloor_read_only(keptFloor);
    }

    @Benchmark
    public int oursListing() {
        return listing.scan(sink);
    }

    @Benchmark
    public long oshi() {
        List<OSProcess> ps = os.getProcesses();
        long sum = 0;
        for (int i = 0; i < ps.size(); i++) {
            OSProcess p = ps.get(i);
            sum += p.getUserTime() + p.getKernelTime();
        }
        return sum;
    }

    @Benchmark
    public int cFloor() {
        int n = CFloor.procfloor_scan(cRoot, cTicks);
        if (n < 0) {
            throw new IllegalStateException("cannot list " + root);
        }
        return n;
    }

    @Benchmark
    public int cFloorKept() {
        int n = CFloor.keptfloor_scan(keptFloor, cTicks);
        if (n < 0) {
            throw new IllegalStateException("cannot read " + root.resolve("stat"));
        }
        return n;
    }
}
