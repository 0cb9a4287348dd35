package io.github.energy4j.k8s.cgroup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds a process's container and pod in the text of {@code /proc/[pid]/mountinfo}, for processes whose
 * {@code /proc/[pid]/cgroup} cannot say: in their own cgroup namespace they see their cgroup as the root
 * ({@code 0::/}).
 *
 * <p>Format (kernel {@code Documentation/filesystems/proc.rst}, "/proc/&lt;pid&gt;/mountinfo"): one mount per line,
 * {@code mount-ID parent-ID major:minor root mount-point options [optional-fields...] - fstype source super-options},
 * with space, tab, newline and backslash in {@code root} and {@code mount-point} escaped as {@code \040},
 * {@code \011}, {@code \012}, {@code \134}. The {@code root} field is the path, inside its filesystem, of what
 * is mounted: for the files a runtime bind-mounts into a container it names the runtime's directory for that
 * container.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>A {@code cgroup} or {@code cgroup2} mount whose root is not {@code /} (hierarchies bind-mounted by the
 *       runtime) is read as a cgroup path with {@link CgroupParser}'s rules; the innermost container among them
 *       wins.</li>
 *   <li>Otherwise, only mounts at a container's own files count: {@code /etc/hostname}, {@code /etc/hosts},
 *       {@code /etc/resolv.conf}, {@code /run/.containerenv}, {@code /run/secrets},
 *       {@code /dev/termination-log}. Their roots give the container id ({@code .../docker/.../containers/<id>/...}
 *       docker, {@code .../containers/<id>/...} unknown runtime, {@code .../overlay-containers/<id>/userdata/...}
 *       podman, or CRI-O when in a pod) and the pod UID ({@code .../kubelet/pods/<uid>/...}). In a pod,
 *       {@code /etc/hostname} and {@code /etc/resolv.conf} come from the pod sandbox (the pause container), so
 *       an id seen there is the sandbox's and is skipped; containerd's {@code .../sandboxes/<id>/...} is never a
 *       container id. The last id left wins. A pod with no id left is reported as a pod without a container.</li>
 * </ol>
 * Mounts at other places are ignored, so that the host's own table (a kernel thread also sees {@code 0::/}), whose
 * container and pod directories appear only as mount points or at host paths, names nothing.
 *
 * <p>Pure and thread-safe. Allocates: meant for the cold path (once per new process).
 */
final class MountinfoParser {

    private static final int ID_LEN = 64;
    private static final Set<String> OWN_FILES = Set.of("/etc/hostname", "/etc/hosts", "/etc/resolv.conf",
            "/run/.containerenv", "/run/secrets", "/dev/termination-log");
    private static final Set<String> SANDBOX_FILES = Set.of("/etc/hostname", "/etc/resolv.conf");

    private MountinfoParser() {
    }

    /** Parses the first {@code len} bytes of {@code buf}, which hold the file's content. */
    static CgroupContainer parse(byte[] buf, int len) {
        return parse(new String(buf, 0, len, StandardCharsets.UTF_8));
    }

    /**
     * Parses the whole file.
     *
     * @return the container or pod; {@link CgroupContainer#HOST} when the mounts name neither. A result found from
     *     files has an empty {@code cgroupPath} and {@code cgroupVersion} 0 (the namespace hides the path).
     */
    static CgroupContainer parse(String text) {
        CgroupContainer fromCgroup = null;
        int bestScore = -1;
        String podUid = "";
        List<String[]> ids = new ArrayList<>(); // {id, runtime hint}
        Set<String> sandboxIds = new HashSet<>();
        int start = 0;
        final int n = text.length();
        while (start < n) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                nl = n;
            }
            String[] f = text.substring(start, nl).trim().split(" ");
            start = nl + 1;
            int sep = separator(f);
            if (sep < 0) {
                continue;
            }
            String root = unescape(f[3]);
            String mountPoint = unescape(f[4]);
            String fsType = f[sep + 1];
            if (fsType.equals("cgroup") || fsType.equals("cgroup2")) {
                if (root.equals("/")) {
                    continue;
                }
                boolean v2 = fsType.equals("cgroup2");
                CgroupParser.Found found = CgroupParser.resolve(root, v2 ? 2 : 1);
                if (found != null) {
                    String superOptions = sep + 3 < f.length ? f[sep + 3] : "";
                    int score = CgroupParser.score(found, CgroupParser.linePriority(v2, superOptions));
                    if (score > bestScore) {
                        bestScore = score;
                        fromCgroup = found.container();
                    }
                }
                continue;
            }
            if (!OWN_FILES.contains(mountPoint)) {
                continue;
            }
            String[] segs = root.split("/");
            for (int k = 0; k + 1 < segs.length; k++) {
                String s = segs[k];
                String next = segs[k + 1];
                if (s.equals("pods") && k > 0 && segs[k - 1].equals("kubelet")) {
                    String uid = CgroupParser.uid(next, 0, next.length());
                    if (uid != null) {
                        podUid = uid;
                    }
                } else if (CgroupParser.isHex(next, ID_LEN)) {
                    String hint = s.equals("containers") ? (contains(segs, k, "docker") ? "docker" : "")
                            : s.equals("overlay-containers") ? "storage"
                            : s.equals("sandboxes") ? "sandbox" : null;
                    if (hint == null) {
                        continue;
                    }
                    if (hint.equals("sandbox") || SANDBOX_FILES.contains(mountPoint)) {
                        sandboxIds.add(next);
                    }
                    if (!hint.equals("sandbox")) {
                        ids.add(new String[] {next, hint});
                    }
                }
            }
        }
        if (podUid.isEmpty() && fromCgroup != null) {
            podUid = fromCgroup.podUid();
        }
        boolean inPod = !podUid.isEmpty();
        String id = "";
        String runtime = "";
        for (String[] e : ids) {
            if (!inPod || !sandboxIds.contains(e[0])) {
                id = e[0];
                runtime = e[1].equals("storage") ? (inPod ? "crio" : "podman") : e[1];
            }
        }
        if (fromCgroup != null && fromCgroup.isContainer()) {
            return fromCgroup.podUid().equals(podUid) ? fromCgroup
                    : new CgroupContainer(fromCgroup.containerId(), fromCgroup.runtime(), podUid, fromCgroup.qos(),
                            fromCgroup.cgroupPath(), fromCgroup.cgroupVersion(), fromCgroup.taskId());
        }
        if (id.isEmpty() && !inPod) {
            return CgroupContainer.HOST;
        }
        boolean samePod = fromCgroup != null && fromCgroup.podUid().equals(podUid);
        return new CgroupContainer(id, runtime, podUid, samePod ? fromCgroup.qos() : QosClass.UNKNOWN,
                samePod && id.isEmpty() ? fromCgroup.cgroupPath() : "",
                samePod && id.isEmpty() ? fromCgroup.cgroupVersion() : 0, "");
    }

    /** Index of the {@code -} field that ends the optional fields, or -1 for a malformed line. */
    private static int separator(String[] f) {
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                return i + 1 < f.length ? i : -1;
            }
        }
        return -1;
    }

    private static boolean contains(String[] segs, int before, String name) {
        for (int i = 0; i < before; i++) {
            if (segs[i].equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Undoes the kernel's octal escapes ({@code \040} and the like). */
    static String unescape(String s) {
        int bs = s.indexOf('\\');
        if (bs < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1) && isOctal(s, i + 2) && isOctal(s, i + 3)) {
                sb.append((char) ((s.charAt(i + 1) - '0') * 64 + (s.charAt(i + 2) - '0') * 8 + (s.charAt(i + 3) - '0')));
                i += 4;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }
}
