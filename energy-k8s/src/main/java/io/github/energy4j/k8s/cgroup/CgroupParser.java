package io.github.energy4j.k8s.cgroup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the innermost container and pod in the text of {@code /proc/[pid]/cgroup}.
 *
 * <p>Format (kernel {@code Documentation/admin-guide/cgroup-v1/cgroups.rst} and {@code cgroup-v2.rst}): one line
 * per hierarchy, {@code hierarchy-ID:controller-list:cgroup-path}; the cgroup v2 line is {@code 0::cgroup-path}.
 * Paths may be relative to the reader's cgroup namespace ({@code 0::/../../kubepods...}).
 *
 * <p>Rules, applied to each path from its last segment upwards, so that the innermost container wins (kind and
 * minikube nodes, docker-in-docker, Kubernetes inside an ECS or Fargate task or inside podman):
 * <ul>
 *   <li>A container id is 64 lower-case hex digits standing alone in a segment, or preceded by a runtime prefix
 *       ending in {@code -} ({@code docker-}, {@code cri-containerd-}, {@code crio-}, {@code libpod-},
 *       {@code libpod-payload-}, {@code runc-}, or any other {@code <word>-}), and followed by nothing or by a
 *       {@code .}-suffix ({@code .scope}, or any other except the systemd unit types that hold no container:
 *       {@code .mount}, {@code .automount}, {@code .swap}, {@code .socket}, {@code .device}, {@code .path},
 *       {@code .timer}, {@code .target}, {@code .slice}). Sub-cgroups below it ({@code /container},
 *       {@code /init.scope}) belong to it. Also {@code <slice>:<prefix>:<id>} (systemd-style cgroupsPath left
 *       verbatim by a cgroupfs manager), and on ECS {@code /ecs/[<cluster>/]<task>/<id>} where Fargate's
 *       {@code <32 hex>-<digits>} is an id too.</li>
 *   <li>The runtime comes from the prefix when it names one ({@code docker}, {@code cri-containerd} and
 *       {@code containerd}: containerd, {@code crio}, {@code libpod}, {@code libpod-payload} and {@code podman}:
 *       podman); a bare id under {@code docker} is docker, one under {@code /ecs/} is ecs. Otherwise the runtime
 *       is unknown (empty) but the id is still taken.</li>
 *   <li>Never a container: UUIDs (8-4-4-4-12: pod UIDs, systemd unit names) and other hex runs that are not
 *       exactly 64 digits, ids glued to other letters, runtime monitors ({@code crio-conmon-<id>},
 *       {@code libpod-conmon-<id>}), host slices, services and session scopes. A pod slice or
 *       {@code pod<uid>} directory below every container names a pod without a container (conmon).</li>
 * </ul>
 *
 * <p>Pure and thread-safe. Allocates: meant for the cold path (once per new process).
 */
public final class CgroupParser {

    private static final int ID_LEN = 64;
    private static final String[] NOT_CONTAINER_UNITS = {".mount", ".automount", ".swap", ".socket", ".device",
        ".path", ".timer", ".target", ".slice"};

    private CgroupParser() {
    }

    /** Parses the first {@code len} bytes of {@code buf}, which hold the file's content. */
    public static CgroupContainer parse(byte[] buf, int len) {
        return parse(new String(buf, 0, len, StandardCharsets.UTF_8));
    }

    /**
     * Parses the whole file. When lines disagree (hybrid v1/v2 hosts, a runtime that left some v1
     * hierarchies in the daemon's cgroup, a nested runtime that manages only some hierarchies), the line whose
     * container lies under the most containers wins (innermost); then a line naming a container beats one naming
     * only a pod, which beats the host; ties go to the unified line, then {@code cpuacct}, then
     * {@code name=systemd}.
     *
     * @return the container, or {@link CgroupContainer#HOST}; never null
     */
    public static CgroupContainer parse(String text) {
        CgroupContainer best = CgroupContainer.HOST;
        int bestScore = -1;
        for (Line line : lines(text)) {
            if (line.path == null) {
                continue;
            }
            Found found = resolve(line.path, line.unified ? 2 : 1);
            if (found != null) {
                int score = score(found, linePriority(line.unified, line.controllers));
                if (score > bestScore) {
                    bestScore = score;
                    best = found.container;
                }
            }
        }
        return best;
    }

    /**
     * True when the file has at least one line and every line's path is {@code /}: the process sees its own
     * cgroup as the root of its cgroup namespace, so the file cannot name its container (see
     * {@link MountinfoParser}).
     */
    static boolean seesOwnCgroupAsRoot(String text) {
        List<Line> lines = lines(text);
        for (Line line : lines) {
            if (line.path == null ? !line.raw.isBlank() : !line.path.equals("/")) {
                return false;
            }
        }
        return lines.stream().anyMatch(l -> l.path != null);
    }

    /**
     * One line of {@code /proc/PID/cgroup}, {@code hierarchy-ID:controller-list:cgroup-path}
     * (cgroups(7)); {@code path} is null when the line does not have that shape.
     */
    private record Line(String raw, boolean unified, String controllers, String path) {
    }

    private static List<Line> lines(String text) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        final int n = text.length();
        while (start < n) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                nl = n;
            }
            String raw = text.substring(start, nl);
            int c1 = raw.indexOf(':');
            int c2 = c1 < 0 ? -1 : raw.indexOf(':', c1 + 1);
            if (c2 >= 0) {
                boolean unified = c1 == 1 && raw.charAt(0) == '0' && c2 == 2;
                lines.add(new Line(raw, unified, raw.substring(c1 + 1, c2), raw.substring(c2 + 1).trim()));
            } else {
                lines.add(new Line(raw, false, "", null));
            }
            start = nl + 1;
        }
        return lines;
    }

    /** The rank of a path's result among the lines (or mounts) that name one: innermost first. */
    static int score(Found found, int linePriority) {
        return found.depth * 1000 + (found.container.isContainer() ? 200 : 100) + linePriority;
    }

    static int linePriority(boolean unified, String controllers) {
        if (unified) {
            return 30;
        }
        int priority = 0;
        for (String c : controllers.split(",")) {
            if (c.equals("cpuacct")) {
                return 20;
            }
            if (c.equals("name=systemd")) {
                priority = 10;
            }
        }
        return priority;
    }

    /**
     * Parses one cgroup path (the third field of a line).
     *
     * @param version 1 or 2, copied into the result
     */
    public static CgroupContainer parsePath(String path, int version) {
        Found f = resolve(path, version);
        return f == null ? CgroupContainer.HOST : f.container;
    }

    /** A path's container (or pod), and how many containers enclose it, itself included; null for the host. */
    static Found resolve(String path, int version) {
        // Segment boundaries in the original string, so the result can keep the path as written.
        int count = 0;
        int[] starts = new int[16];
        int[] ends = new int[16];
        int i = 0;
        final int n = path.length();
        while (i < n) {
            int slash = path.indexOf('/', i);
            int end = slash < 0 ? n : slash;
            if (end > i && !isDots(path, i, end)) {
                if (count == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, count * 2);
                    ends = java.util.Arrays.copyOf(ends, count * 2);
                }
                starts[count] = i;
                ends[count] = end;
                count++;
            }
            i = end + 1;
        }
        String[] segs = new String[count];
        for (int k = 0; k < count; k++) {
            segs[k] = path.substring(starts[k], ends[k]);
        }
        for (int k = count - 1; k >= 0; k--) {
            String cgroupPath = path.substring(0, ends[k]);
            CgroupContainer c = container(segs, k, cgroupPath, version);
            if (c != null) {
                int depth = 1;
                for (int j = k - 1; j >= 0; j--) {
                    if (container(segs, j, "", version) != null) {
                        depth++;
                    }
                }
                return new Found(c, depth);
            }
            PodRef pod = pod(segs, k);
            if (pod != null) {
                return new Found(new CgroupContainer("", "", pod.uid, pod.qos, cgroupPath, version, ""), 0);
            }
        }
        return null;
    }

    private static boolean isDots(String s, int from, int to) {
        int len = to - from;
        return (len == 1 && s.charAt(from) == '.') || (len == 2 && s.charAt(from) == '.' && s.charAt(from + 1) == '.');
    }

    private static CgroupContainer container(String[] segs, int k, String cgroupPath, int version) {
        String s = segs[k];
        int colon = s.indexOf(':');
        if (colon > 0) {
            // systemd-style cgroupsPath left verbatim by a cgroupfs manager: "<pod slice>:<prefix>:<id>"
            int last = s.lastIndexOf(':');
            String candidate = s.substring(last + 1);
            if (last == colon || !isHex(candidate, ID_LEN)) {
                return null;
            }
            String prefix = s.substring(colon + 1, last);
            if (isMonitor(prefix)) {
                return null;
            }
            String slice = s.substring(0, colon);
            PodRef pod = systemdPod(slice.endsWith(".slice") ? slice.substring(0, slice.length() - 6) : slice);
            if (pod == null) {
                pod = enclosingPod(segs, k - 1);
            }
            return result(candidate, runtimeOf(prefix), pod, cgroupPath, version, "");
        }
        String parent = k > 0 ? segs[k - 1] : "";
        boolean ecs = (k >= 2 && segs[k - 2].equals("ecs")) || (k >= 3 && segs[k - 3].equals("ecs"));
        if (ecs && isFargateId(s)) {
            return result(s, "ecs", null, cgroupPath, version, parent);
        }
        int at = idStart(s);
        if (at < 0) {
            return null;
        }
        String id = s.substring(at, at + ID_LEN);
        PodRef pod = enclosingPod(segs, k - 1);
        if (at > 0) {
            String prefix = s.substring(0, at - 1);
            return isMonitor(prefix) ? null : result(id, runtimeOf(prefix), pod, cgroupPath, version, "");
        }
        // a bare id: /docker/<id> (docker cgroupfs driver), /kubepods/<qos>/pod<uid>/<id> (kubelet cgroupfs
        // driver: the path does not name the runtime), /ecs/<task>/<id>
        if (pod == null && !parent.equals("docker") && ecs) {
            return result(id, "ecs", null, cgroupPath, version, parent);
        }
        return result(id, parent.equals("docker") ? "docker" : "", pod, cgroupPath, version, "");
    }

    /**
     * Where the container id starts in a segment, or -1: 64 lower-case hex digits at the start or right after a
     * {@code -}, ending the segment or followed by a {@code .}-suffix that is not a unit type without processes.
     */
    private static int idStart(String s) {
        final int n = s.length();
        int i = 0;
        while (i < n) {
            if (!isHexChar(s.charAt(i))) {
                i++;
                continue;
            }
            int runStart = i;
            while (i < n && isHexChar(s.charAt(i))) {
                i++;
            }
            if (i - runStart == ID_LEN && (runStart == 0 || s.charAt(runStart - 1) == '-')
                    && (i == n || (s.charAt(i) == '.' && !isNotContainerUnit(s, i)))) {
                return runStart;
            }
        }
        return -1;
    }

    private static boolean isNotContainerUnit(String s, int dot) {
        String suffix = s.substring(dot);
        for (String u : NOT_CONTAINER_UNITS) {
            if (suffix.equals(u)) {
                return true;
            }
        }
        return false;
    }

    /** {@code crio-conmon}, {@code libpod-conmon}: the runtime's monitor process, not the container. */
    private static boolean isMonitor(String prefix) {
        return prefix.equals("conmon") || prefix.endsWith("-conmon");
    }

    /** The runtime a prefix (without its trailing {@code -}) names, or empty. */
    static String runtimeOf(String prefix) {
        switch (prefix) {
            case "docker":
                return "docker";
            case "cri-containerd":
            case "containerd":
                return "containerd";
            case "crio":
                return "crio";
            case "libpod":
            case "libpod-payload":
            case "podman":
                return "podman";
            default:
                return "";
        }
    }

    private static CgroupContainer result(String id, String runtime, PodRef pod, String cgroupPath, int version,
                                          String taskId) {
        return new CgroupContainer(id, runtime, pod == null ? "" : pod.uid, pod == null ? QosClass.UNKNOWN : pod.qos,
                cgroupPath, version, taskId);
    }

    private static PodRef enclosingPod(String[] segs, int from) {
        for (int k = from; k >= 0; k--) {
            PodRef p = pod(segs, k);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static PodRef pod(String[] segs, int k) {
        String s = segs[k];
        if (s.endsWith(".slice")) {
            return systemdPod(s.substring(0, s.length() - 6));
        }
        // cgroupfs driver: /kubepods/pod<uid> (guaranteed), /kubepods/burstable/pod<uid>, /kubepods/besteffort/pod<uid>
        if (s.startsWith("pod") && k > 0) {
            String uid = uid(s, 3, s.length());
            if (uid == null) {
                return null;
            }
            String parent = segs[k - 1];
            String grand = k > 1 ? segs[k - 2] : "";
            if (parent.equals("kubepods")) {
                return new PodRef(uid, QosClass.GUARANTEED);
            }
            if (grand.equals("kubepods") && parent.equals("burstable")) {
                return new PodRef(uid, QosClass.BURSTABLE);
            }
            if (grand.equals("kubepods") && parent.equals("besteffort")) {
                return new PodRef(uid, QosClass.BESTEFFORT);
            }
        }
        return null;
    }

    /**
     * A systemd pod slice name without {@code .slice}: {@code kubepods-pod<uid>},
     * {@code kubepods-burstable-pod<uid>}, {@code kubelet-kubepods-besteffort-pod<uid>} (kind).
     */
    private static PodRef systemdPod(String name) {
        int p = name.lastIndexOf("-pod");
        int kp = name.indexOf("kubepods");
        if (p < 0 || kp < 0 || kp > p) {
            return null;
        }
        String uid = uid(name, p + 4, name.length());
        if (uid == null) {
            return null;
        }
        String qosPart = name.substring(kp, p + 1);
        QosClass qos = qosPart.contains("-besteffort-") ? QosClass.BESTEFFORT
                : qosPart.contains("-burstable-") ? QosClass.BURSTABLE : QosClass.GUARANTEED;
        return new PodRef(uid, qos);
    }

    /**
     * A pod UID: 36 characters with separators ({@code -} or the systemd-escaped {@code _}) at 8, 13, 18, 23,
     * returned with dashes; or 32 hex digits (static pods, whose UID is a config hash) returned as is.
     */
    static String uid(String s, int from, int to) {
        int len = to - from;
        if (len == 32) {
            return isHex(s.substring(from, to), 32) ? s.substring(from, to) : null;
        }
        if (len != 36) {
            return null;
        }
        char[] out = new char[36];
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(from + i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-' && c != '_') {
                    return null;
                }
                out[i] = '-';
            } else if (isHexChar(c)) {
                out[i] = c;
            } else {
                return null;
            }
        }
        return new String(out);
    }

    private static boolean isFargateId(String s) {
        // Fargate platform 1.4+: <32-hex task id>-<decimal>
        int dash = s.indexOf('-');
        if (dash != 32 || dash == s.length() - 1 || !isHex(s.substring(0, 32), 32)) {
            return false;
        }
        for (int i = dash + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean isHex(String s, int len) {
        if (s == null || s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (!isHexChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private record PodRef(String uid, QosClass qos) {
    }

    /** A path's result and its nesting depth (containers enclosing it, itself included; 0 for a pod). */
    record Found(CgroupContainer container, int depth) {
    }
}
