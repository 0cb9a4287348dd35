package io.github.energy4j.agent.vm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Recognises a VM process from its executable and command line ({@code /proc/[pid]/cmdline}: arguments separated by
 * NUL bytes). Pure parsing, no I/O; cold path.
 *
 * <p>Kepler 0.11 ({@code vmInfoFromCmdLine} in {@code internal/resource/vm.go}) recognises QEMU only, by the
 * pattern {@code bin/qemu-system-\w+}, takes {@code -uuid} as the VM id, else the {@code -name} value (its
 * {@code guest=} part when there is one), and names a VM without {@code -name} {@code <hypervisor>-<id[:8]>}; its
 * hypervisor values are {@code kvm}, {@code virtualbox}, {@code vmware} and {@code xen}
 * ({@code internal/resource/types.go}), of which it detects only {@code kvm}. The same rules apply here to QEMU, and
 * the other hypervisors Kepler names are recognised too:
 * <ul>
 *   <li>QEMU/KVM: program {@code qemu-system-<arch>}, {@code qemu-kvm} (RHEL's {@code /usr/libexec/qemu-kvm}) or
 *       {@code kvm} (Debian's wrapper and Proxmox VE's {@code /usr/bin/kvm -id <vmid>}). Id: {@code -uuid} (libvirt
 *       passes it), else Proxmox's {@code -id}, else the name. Name: {@code -name}, its {@code guest=} key or first
 *       comma-separated element (QEMU's {@code -name [guest=]name[,process=...][,debug-threads=on]}; libvirt
 *       writes {@code guest=NAME,debug-threads=on}).
 *   <li>Xen: a QEMU device model with {@code -xen-domid N} (what {@code xl}/libxl start in dom0 for an HVM guest)
 *       is hypervisor {@code xen}; id and name as for QEMU, the domain id when the command line has neither.
 *       Paravirtualised guests without a device model have no process in dom0 and are not seen.
 *   <li>VirtualBox: {@code VBoxHeadless} or {@code VirtualBoxVM} with {@code --startvm <uuid|name>} (VirtualBox's
 *       own front ends pass {@code --comment <name>} as well). Id: the {@code --startvm} value; name:
 *       {@code --comment}, else the {@code --startvm} value.
 *   <li>VMware: {@code vmware-vmx} with a {@code .vmx} file argument (Workstation and Player). Id: the
 *       {@code .vmx} path; name: its file name without {@code .vmx}.
 * </ul>
 * Differences from Kepler: the program is matched by its file name (the first argument, else the {@code exe} link),
 * not anywhere in the command line, so that a shell or {@code grep} that mentions QEMU is no VM; a comma-separated
 * {@code -name} without {@code guest=} gives its first element (Kepler keeps the whole value); a VM whose command
 * line gives no id gets the first 16 hex digits of the SHA-256 of its command line (Kepler: of the command line's
 * first 8 bytes in hex, the same for every VM started from one path).
 */
public final class VmCommandLine {

    private VmCommandLine() {
    }

    /**
     * The VM of a process, or {@link VirtualMachine#NONE}.
     *
     * @param cmdline the bytes of {@code /proc/[pid]/cmdline}
     * @param len     how many of them are valid
     * @param exe     the target of {@code /proc/[pid]/exe}; empty when unknown
     */
    public static VirtualMachine parse(byte[] cmdline, int len, String exe) {
        return detect(split(cmdline, len), exe);
    }

    /** The VM of a process with arguments {@code argv} and executable {@code exe} (empty when unknown). */
    public static VirtualMachine detect(List<String> argv, String exe) {
        String prog = argv.isEmpty() ? "" : baseName(argv.get(0));
        String hv = hypervisorOf(prog, argv);
        if (hv == null && !exe.isEmpty()) {
            prog = baseName(exe);
            hv = hypervisorOf(prog, argv);
        }
        if (hv == null) {
            return VirtualMachine.NONE;
        }
        String id;
        String name;
        switch (hv) {
            case "virtualbox" -> {
                id = value(argv, "startvm", "s");
                String comment = value(argv, "comment");
                name = comment.isEmpty() ? id : comment;
            }
            case "vmware" -> {
                id = vmxFile(argv);
                String file = baseName(id);
                name = file.substring(0, file.length() - ".vmx".length());
            }
            default -> {
                name = qemuName(value(argv, "name"));
                id = value(argv, "uuid");
                if (id.isEmpty()) {
                    id = value(argv, "id");
                }
                if (id.isEmpty()) {
                    id = name;
                }
                if (id.isEmpty() && hv.equals("xen")) {
                    id = "domid-" + value(argv, "xen-domid");
                }
            }
        }
        if (id.isEmpty()) {
            id = hashOf(argv);
        }
        if (name.isEmpty()) {
            name = hv + "-" + id.substring(0, Math.min(8, id.length()));
        }
        return new VirtualMachine(id, name, hv);
    }

    /** Kepler's hypervisor value for a program, null when it runs no VM. */
    private static String hypervisorOf(String prog, List<String> argv) {
        String p = prog.toLowerCase(Locale.ROOT);
        if (p.startsWith("qemu-system-") || p.equals("qemu-kvm") || p.equals("kvm")) {
            return value(argv, "xen-domid").isEmpty() ? "kvm" : "xen";
        }
        if ((p.equals("vboxheadless") || p.equals("virtualboxvm") || p.equals("virtualbox"))
                && !value(argv, "startvm", "s").isEmpty()) {
            return "virtualbox";
        }
        if (p.equals("vmware-vmx") && !vmxFile(argv).isEmpty()) {
            return "vmware";
        }
        return null;
    }

    /**
     * The value of option {@code names} (without dashes): {@code -opt value}, {@code --opt value} or
     * {@code --opt=value}; the first occurrence; empty when absent.
     */
    static String value(List<String> argv, String... names) {
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (!a.startsWith("-")) {
                continue;
            }
            String opt = a.startsWith("--") ? a.substring(2) : a.substring(1);
            for (String n : names) {
                if (opt.equals(n) && i + 1 < argv.size()) {
                    return argv.get(i + 1);
                }
                if (opt.startsWith(n + "=")) {
                    return opt.substring(n.length() + 1);
                }
            }
        }
        return "";
    }

    /** QEMU's {@code -name}: the {@code guest=} key, else the first element; {@code ,,} is an escaped comma. */
    static String qemuName(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
                cur.append(',');
                i++;
            } else if (c == ',') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        for (String p : parts) {
            if (p.startsWith("guest=")) {
                return p.substring("guest=".length());
            }
        }
        String first = parts.get(0);
        return first.contains("=") ? "" : first;
    }

    private static String vmxFile(List<String> argv) {
        for (int i = argv.size() - 1; i >= 1; i--) {
            if (argv.get(i).toLowerCase(Locale.ROOT).endsWith(".vmx") && !argv.get(i).startsWith("-")) {
                return argv.get(i);
            }
        }
        return "";
    }

    private static String hashOf(List<String> argv) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(String.join(" ", argv).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** The NUL-separated arguments; a trailing NUL ends the last one, as the kernel writes it. */
    static List<String> split(byte[] buf, int len) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= len; i++) {
            if (i == len || buf[i] == 0) {
                if (i > start || (i < len)) {
                    out.add(new String(buf, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return out;
    }
}
