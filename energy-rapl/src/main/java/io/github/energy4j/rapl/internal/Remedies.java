package io.github.energy4j.rapl.internal;

/** Operator remedies printed by {@code probe} and {@code energy4j doctor}. Plain text, one paragraph each. */
public final class Remedies {

    private Remedies() {
    }

    /** Group that the host rules shipped in {@code deploy/host} give read access, and the non-root DaemonSet joins. */
    public static final String RAPL_GROUP = "2500";

    /** The udev rule shipped as {@code deploy/host/99-energy4j-rapl.rules}. */
    public static final String POWERCAP_UDEV_RULE = "SUBSYSTEM==\"powercap\", KERNEL==\"intel-rapl*\", "
            + "RUN+=\"/bin/chgrp " + RAPL_GROUP + " /sys%p/energy_uj\", RUN+=\"/bin/chmod 0440 /sys%p/energy_uj\"";

    /** The first systemd-tmpfiles line of {@code deploy/host/energy4j-rapl.conf}. */
    public static final String POWERCAP_TMPFILES_LINE = "z /sys/class/powercap/intel-rapl:*/energy_uj 0440 root "
            + RAPL_GROUP + " -";

    /** energy_uj exists but this process may not read it. */
    public static String powercapDenied(String file) {
        return "Since Linux 5.10 the RAPL energy_uj files are readable by root only (mode 0400, CVE-2020-8694), so "
                + file + " cannot be read by this user. Pick one: "
                + "(1) run as root; in Kubernetes run the DaemonSet container as root (runAsUser: 0, as "
                + "deploy/kubernetes does) with /sys mounted from the host as a readOnly hostPath, or privileged: true; "
                + "(2) without root, give one group read access on every node and run the agent in that group: "
                + "install deploy/host/energy4j-rapl.conf as /etc/tmpfiles.d/energy4j-rapl.conf (lines such as "
                + POWERCAP_TMPFILES_LINE + ", likewise intel-rapl:*:* and intel-rapl-mmio:*) and run "
                + "systemd-tmpfiles --create /etc/tmpfiles.d/energy4j-rapl.conf (applied again at every boot), "
                + "or for zones that appear later the udev rule /etc/udev/rules.d/99-energy4j-rapl.rules containing "
                + POWERCAP_UDEV_RULE + " then run: udevadm control --reload && udevadm trigger "
                + "--subsystem-match=powercap; then start the agent with supplementary group " + RAPL_GROUP
                + " (Kubernetes: kubectl apply -k deploy/kubernetes/non-root, which sets supplementalGroups: ["
                + RAPL_GROUP + "]). Use group ownership rather than setfacl: sysfs does not keep POSIX ACLs. "
                + "(3) for a one-off test only: sudo chmod a+r /sys/class/powercap/intel-rapl:*/energy_uj "
                + "/sys/class/powercap/intel-rapl:*:*/energy_uj (lost on reboot, and it lets every local user read "
                + "the counters, the side channel of CVE-2020-8694).";
    }

    /** No powercap RAPL zones at all. */
    public static String powercapMissing() {
        return "Load the RAPL powercap driver: sudo modprobe intel_rapl_msr (Intel, and AMD Zen since Linux 5.8/5.11); "
                + "in a container mount the host's /sys (readOnly hostPath) and pass it with --sysfs. "
                + "Virtual machines usually expose no RAPL; use the CPU model there. "
                + "Alternatively read the MSRs directly with rapl.msr=true.";
    }

    /** A counter file exists but cannot be read for a reason other than permissions. */
    public static String powercapBroken(String file) {
        return "Check that " + file + " is a readable sysfs attribute (cat " + file + "); an I/O error there "
                + "usually means the CPU package is offline or the firmware disabled RAPL.";
    }

    /** /dev/cpu/N/msr exists but may not be read. */
    public static String msrDenied(String file) {
        return "Reading " + file + " needs read access to the device node AND the CAP_SYS_RAWIO capability. "
                + "Run as root, or: sudo setcap cap_sys_rawio=ep \"$(readlink -f \"$(command -v java)\")\" "
                + "and grant the device nodes to the agent's group: sudo setfacl -m g:" + RAPL_GROUP
                + ":r /dev/cpu/*/msr "
                + "(or a udev rule: SUBSYSTEM==\"msr\", GROUP=\"" + RAPL_GROUP + "\", MODE=\"0440\"). "
                + "In Kubernetes run the container privileged, or as root with capabilities.add: [SYS_RAWIO] "
                + "and /dev/cpu mounted from the host. Prefer the powercap source (rapl) where it is available.";
    }

    /** /dev/cpu/N/msr is absent. */
    public static String msrMissing(String file) {
        return file + " does not exist: load the msr driver with sudo modprobe msr (persist it with "
                + "echo msr | sudo tee /etc/modules-load.d/msr.conf); in a container mount /dev/cpu from the host.";
    }

    /**
     * perf_event_open refused a CPU-wide power event. The rules are the kernel's: a CPU-wide event needs
     * {@code perf_event_paranoid} &lt;= 0 or CAP_PERFMON ({@code perf_allow_cpu}; CAP_SYS_ADMIN before Linux 5.8), see
     * the perf_event_open(2) man page, "/proc/sys/kernel/perf_event_paranoid". Container runtimes' default seccomp
     * profiles also refuse perf_event_open without one of those capabilities (EPERM).
     *
     * @param paranoid the content of {@code /proc/sys/kernel/perf_event_paranoid}, or null when unreadable
     */
    public static String perfDenied(String paranoid) {
        return "The RAPL power PMU counts whole CPUs, which needs perf_event_paranoid <= 0 or the CAP_PERFMON "
                + "capability (Linux 5.8+; CAP_SYS_ADMIN before); perf_event_paranoid is "
                + (paranoid == null ? "unknown" : paranoid) + " here. Pick one: "
                + "(1) run as root; "
                + "(2) grant the capability: sudo setcap cap_perfmon=ep \"$(readlink -f \"$(command -v java)\")\"; "
                + "in Kubernetes add capabilities: add: [PERFMON] (or SYS_ADMIN on older kernels), which also lets "
                + "the runtime's default seccomp profile allow perf_event_open; "
                + "(3) sudo sysctl -w kernel.perf_event_paranoid=0 (persist it in /etc/sysctl.d/; every local user "
                + "may then count CPU-wide events). Meanwhile the powercap source (rapl) is used.";
    }

    /** No power PMU, or it offers no energy event. */
    public static String perfMissing() {
        return "The power PMU appears at /sys/bus/event_source/devices/power when the kernel has "
                + "CONFIG_PERF_EVENTS_INTEL_RAPL (the rapl module: sudo modprobe rapl) on a CPU with RAPL; "
                + "virtual machines usually have none. The powercap source (rapl) is used instead.";
    }
}
