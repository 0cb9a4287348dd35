package io.github.energy4j.k8s.cli;

import io.github.energy4j.internal.io.KernelFile;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.energy4j.k8s.cgroup.CgroupContainer;
import io.github.energy4j.k8s.cgroup.ProcessCgroupReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code energy4j ps [--procfs D] [--format table|json]}: every process in the proc root with its container, runtime,
 * pod UID and QoS class, as read from {@code /proc/[pid]/cgroup}.
 */
public final class PsCommand {

    private PsCommand() {
    }

    /** One row of output. */
    public record Row(int pid, String comm, CgroupContainer container) {
    }

    /**
     * Runs the command.
     *
     * @return 0 on success, 2 for a bad flag or an unreadable proc root (one line on {@code err})
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String procfs = "/proc";
        String format = "table";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (!name.equals("--procfs") && !name.equals("--format")) {
                err.println("ps: unknown argument '" + a + "'; usage: ps [--procfs DIR] [--format table|json]");
                return 2;
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    err.println("ps: " + name + " needs a value; usage: ps [--procfs DIR] [--format table|json]");
                    return 2;
                }
                value = args.get(++i);
            }
            if (name.equals("--procfs")) {
                procfs = value;
            } else {
                format = value;
            }
        }
        if (!format.equals("table") && !format.equals("json")) {
            err.println("ps: --format must be table or json, got '" + format + "'");
            return 2;
        }
        Path root = Path.of(procfs);
        List<Row> rows;
        try {
            rows = scan(root);
        } catch (IOException | UncheckedIOException e) {
            err.println("ps: cannot read the proc root " + root + " (" + e.getClass().getSimpleName()
                    + "); pass --procfs DIR with a readable proc tree");
            return 2;
        }
        if (format.equals("json")) {
            try {
                writeJson(rows, out);
            } catch (IOException e) {
                err.println("ps: cannot write output: " + e.getMessage());
                return 2;
            }
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
        ProcessCgroupReader reader = new ProcessCgroupReader(procfs);
        List<Row> rows = new ArrayList<>(pids.size());
        for (int pid : pids) {
            byte[] stat = new byte[KernelFile.PAGE];
            int len;
            try {
                len = KernelFile.read(procfs.resolve(Integer.toString(pid)).resolve("stat"), stat);
            } catch (IOException e) {
                continue; // exited while listing, or not a regular file
            }
            rows.add(new Row(pid, comm(stat, len), reader.readUncached(pid)));
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
            CgroupContainer c = r.container();
            out.println(String.format("%-8d %-16s %-64s %-10s %-36s %s", r.pid(), printable(r.comm()),
                    dash(c.containerId()), dash(c.runtime()), dash(c.podUid()), dash(c.qos().label())));
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
            CgroupContainer c = r.container();
            g.writeStartObject();
            g.writeNumberField("pid", r.pid());
            g.writeStringField("comm", r.comm());
            g.writeStringField("containerId", c.containerId());
            g.writeStringField("runtime", c.runtime());
            g.writeStringField("podUid", c.podUid());
            g.writeStringField("qos", c.qos().label());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.println();
    }
}
