package io.github.energy4j.k8s.cgroup;

import java.nio.charset.StandardCharsets;

/**
 * Finds the innermost container and pod in the text of {@code /proc/[pid]/cgroup}.
 *
 * <p>Understands cgroup v1 ({@code N:controllers:path}) and v2 ({@code 0::path}) lines, the systemd and
 * cgroupfs drivers of the kubelet and of container runtimes, paths relative to a cgroup namespace
 * ({@code 0::../../kubepods...}) and nested clusters (kind, minikube: a pod inside a node container), where the
 * innermost container wins. Host units ({@code user.slice}, {@code system.slice/*.service}, {@code init.scope},
 * {@code *.mount}) and runtime monitors ({@code crio-conmon-*}, {@code libpod-conmon-*}) are not containers.
 *
 * <p>Pure and thread-safe. Allocates: meant for the cold path (once per new process).
 */
public final class CgroupParser {

    private static final int ID_LEN = 64;

    private CgroupParser() {
    }

    /** Parses the first {@code len} bytes of {@code buf}, which hold the file's content. */
    public static CgroupContainer parse(byte[] buf, int len) {
        return parse(new String(buf, 0, len, StandardCharsets.UTF_8));
    }

    /**
     * Parses the whole file. When lines disagree (hybrid v1/v2 hosts, a runtime that left some v1
     * hierarchies in the daemon's cgroup), a line naming a container beats one naming only a pod, which beats
     * the host; ties go to the unified line, then {@code cpuacct}, then {@code name=systemd}.
     *
     * @return the container, or {@link CgroupContainer#HOST}; never null
     */
    public static CgroupContainer parse(String text) {
        CgroupContainer best = CgroupContainer.HOST;
        int bestScore = -1;
        int start = 0;
        final int n = text.length();
        while (start < n) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                nl = n;
            }
            int c1 = text.indexOf(':', start);
            int c2 = c1 < 0 ? -1 : text.indexOf(':', c1 + 1);
            if (c1 >= 0 && c2 >= 0 && c2 < nl) {
                boolean unified = c1 == start + 1 && text.charAt(start) == '0' && c2 == c1 + 1;
                String controllers = text.substring(c1 + 1, c2);
                String path = text.substring(c2 + 1, nl).trim();
                CgroupContainer found = parsePath(path, unified ? 2 : 1);
                if (!found.isHost()) {
                    int score = (found.isContainer() ? 200 : 100) + linePriority(unified, controllers);
                    if (score > bestScore) {
                        bestScore = score;
                        best = found;
                    }
                }
            }
            start = nl + 1;
        }
        return best;
    }

    private static int linePriority(boolean unified, String controllers) {
        if (unified) {
            return 30;
        }
        for (String c : controllers.split(",")) {
            if (c.equals("cpuacct")) {
                return 20;
            }
        }
        return controllers.equals("name=systemd") ? 10 : 0;
    }

    /**
     * Parses one cgroup path (the third field of a line).
     *
     * @param version 1 or 2, copied into the result
     */
    public static CgroupContainer parsePath(String path, int version) {
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
                return c;
            }
            PodRef pod = pod(segs, k);
            if (pod != null) {
                return new CgroupContainer("", "", pod.uid, pod.qos, cgroupPath, version, "");
            }
        }
        return CgroupContainer.HOST;
    }

    private static boolean isDots(String s, int from, int to) {
        int len = to - from;
        return (len == 1 && s.charAt(from) == '.') || (len == 2 && s.charAt(from) == '.' && s.charAt(from + 1) == '.');
    }

    private static CgroupContainer container(String[] segs, int k, String cgroupPath, int version) {
        String s = segs[k];
        String runtime = null;
        String id = null;
        if (s.startsWith("docker-")) {
            id = scopeId(s, 7);
            runtime = "docker";
        } else if (s.startsWith("cri-containerd-")) {
            id = scopeId(s, 15);
            runtime = "containerd";
        } else if (s.startsWith("crio-") && !s.startsWith("crio-conmon-")) {
            id = unitId(s, 5);
            runtime = "crio";
        } else if (s.startsWith("libpod-") && !s.startsWith("libpod-conmon-")) {
            id = unitId(s, 7);
            runtime = "podman";
        } else if (s.indexOf(':') > 0) {
            // systemd-style cgroupsPath left verbatim by a cgroupfs manager: "<pod slice>:<prefix>:<id>"
            int a = s.indexOf(':');
            int b = s.lastIndexOf(':');
            if (b > a) {
                String prefix = s.substring(a + 1, b);
                String candidate = s.substring(b + 1);
                String rt = prefix.equals("cri-containerd") ? "containerd"
                        : prefix.equals("crio") ? "crio" : prefix.equals("docker") ? "docker" : null;
                if (rt != null && isHex(candidate, ID_LEN)) {
                    String slice = s.substring(0, a);
                    PodRef pod = slice.endsWith(".slice") ? systemdPod(slice.substring(0, slice.length() - 6)) : null;
                    if (pod == null) {
                        pod = enclosingPod(segs, k - 1);
                    }
                    return result(candidate, rt, pod, cgroupPath, version, "");
                }
            }
            return null;
        } else if (isHex(s, ID_LEN) || isFargateId(s)) {
            String parent = k > 0 ? segs[k - 1] : "";
            if (k >= 2 && segs[k - 2].equals("ecs")) {
                return result(s, "ecs", null, cgroupPath, version, parent);
            }
            if (!isHex(s, ID_LEN)) {
                return null;
            }
            // cgroupfs drivers: /docker/<id>, /kubepods/<qos>/pod<uid>/<id> (the runtime is not in the path)
            return result(s, parent.equals("docker") ? "docker" : "", enclosingPod(segs, k - 1), cgroupPath,
                    version, "");
        }
        if (id == null || !isHex(id, ID_LEN)) {
            return null;
        }
        return result(id, runtime, enclosingPod(segs, k - 1), cgroupPath, version, "");
    }

    private static CgroupContainer result(String id, String runtime, PodRef pod, String cgroupPath, int version,
                                          String taskId) {
        return new CgroupContainer(id, runtime, pod == null ? "" : pod.uid, pod == null ? QosClass.UNKNOWN : pod.qos,
                cgroupPath, version, taskId);
    }

    /** {@code <prefix><id>.scope}; the suffix is required (systemd driver). */
    private static String scopeId(String s, int prefixLen) {
        return s.endsWith(".scope") ? s.substring(prefixLen, s.length() - 6) : null;
    }

    /** {@code <prefix><id>.scope} (systemd driver) or {@code <prefix><id>} (cgroupfs driver). */
    private static String unitId(String s, int prefixLen) {
        return s.endsWith(".scope") ? s.substring(prefixLen, s.length() - 6) : s.substring(prefixLen);
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
}
