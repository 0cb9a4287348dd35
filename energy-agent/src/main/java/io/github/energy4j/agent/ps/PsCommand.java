package io.github.energy4j.agent.ps;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.agent.Cli;
import io.github.energy4j.agent.CliCommand;
import io.github.energy4j.agent.UsageException;
import io.github.energy4j.internal.io.KernelFile;
import io.github.energy4j.k8s.K8sWorkloadResolver;
import io.github.energy4j.spi.Workload;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code energy4j ps [--procfs D] [--format table|json]}: every process in the proc root with its container, runtime,
 * pod UID and QoS class, as read from {@code /proc/[pid]/cgroup} by the k8s workload resolver (without pod metadata).
 * An unreadable proc root is a usage error (exit code 2).
 */
@Command(name = "ps", description = "Every process with its container, runtime, pod UID and QoS class.")
public final class PsCommand extends CliCommand {

    @Option(names = "--procfs", paramLabel = "D", description = "the proc root (default /proc; the host's in a "
            + "container, e.g. /host/proc)")
    private String procfs = "/proc";

    @Option(names = "--format", paramLabel = "F", description = "table|json (default table)")
    private String format = "table";

    /**
     * One row of output.
     *
     * @param containerId the container id, empty for a process in a pod but in no container, or on the host
     * @param runtime     docker, containerd, crio, podman, ecs, or empty when unknown
     * @param podUid      the pod UID with dashes, or empty
     * @param qos         the pod's QoS class (guaranteed, burstable, besteffort), or empty
     */
    public record Row(int pid, String comm, String containerId, String runtime, String podUid, String qos) {
    }

    @Override
    public Integer call() throws IOException {
        String f = Cli.choice("--format", format, "table", "json");
        Path root = Path.of(procfs);
        List<Row> rows;
        try {
            rows = scan(root);
        } catch (IOException | UncheckedIOException e) {
            throw new UsageException("cannot read the proc root " + root + " (" + e.getClass().getSimpleName()
                    + "); pass --procfs DIR with a readable proc tree");
        }
        if (f.equals("json")) {
            writeJson(rows, out);
        } else {
            writeTable(rows, out);
        }
        return 0;
    }

    /** Lists the processes of a proc root, sorted by pid. */
    public static List<Row> scan(Path procfs) throws IOException {
        if (!Files.isDirectory(procfs)) {
            throw new IOException("not a directory: " + procfs);
        }
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(procfs)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (isPid(n)) {
                    pids.add(Integer.parseInt(n));
                }
            }
        }
        pids.sort(null);
        // a fresh resolver caches nothing yet: each process's cgroup file is read once, here
        K8sWorkloadResolver resolver = new K8sWorkloadResolver(procfs);
        List<Row> rows = new ArrayList<>(pids.size());
        for (int pid : pids) {
            byte[] stat = new byte[KernelFile.PAGE];
            int len;
            try {
                len = KernelFile.read(procfs.resolve(Integer.toString(pid)).resolve("stat"), stat);
            } catch (IOException e) {
                continue; // exited while listing, or not a regular file
            }
            Workload w = resolver.resolve(pid, 0);
            rows.add(new Row(pid, comm(stat, len), w.kind().equals("container") ? w.id() : "", w.runtime(),
                    w.podUid(), w.labels().getOrDefault("qos", "")));
        }
        return rows;
    }

    private static boolean isPid(String n) {
        if (n.isEmpty() || n.length() > 9) {
            return false;
        }
        for (int i = 0; i < n.length(); i++) {
            if (n.charAt(i) < '0' || n.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The comm field of {@code /proc/[pid]/stat}: between the first {@code (} and the last {@code )}, since a comm
     * may itself contain parentheses and spaces. Empty when the line has no such pair.
     */
    public static String comm(byte[] stat, int len) {
        int open = -1;
        int close = -1;
        for (int i = 0; i < len; i++) {
            if (stat[i] == '(' && open < 0) {
                open = i;
            } else if (stat[i] == ')') {
                close = i;
            }
        }
        return open < 0 || close <= open ? "" : new String(stat, open + 1, close - open - 1, StandardCharsets.UTF_8);
    }

    private static void writeTable(List<Row> rows, PrintStream out) {
        out.println(String.format("%-8s %-16s %-64s %-10s %-36s %s", "PID", "COMM", "CONTAINER", "RUNTIME", "POD_UID",
                "QOS"));
        for (Row r : rows) {
            out.println(String.format("%-8d %-16s %-64s %-10s %-36s %s", r.pid(), printable(r.comm()),
                    dash(r.containerId()), dash(r.runtime()), dash(r.podUid()), dash(r.qos())));
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            sb.append(Character.isISOControl(ch) ? '?' : ch);
        }
        return sb.toString();
    }

    private static String dash(String s) {
        return s.isEmpty() ? "-" : s;
    }

    private static void writeJson(List<Row> rows, PrintStream out) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeArrayFieldStart("processes");
        for (Row r : rows) {
            g.writeStartObject();
            g.writeNumberField("pid", r.pid());
            g.writeStringField("comm", r.comm());
            g.writeStringField("containerId", r.containerId());
            g.writeStringField("runtime", r.runtime());
            g.writeStringField("podUid", r.podUid());
            g.writeStringField("qos", r.qos());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.println();
    }
}
