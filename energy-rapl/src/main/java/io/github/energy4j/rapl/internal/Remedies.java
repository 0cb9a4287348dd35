package io.github.energy4j.rapl.internal;

/** Operator remedies printed by {@code probe} and {@code energy4j doctor}. Plain text, one paragraph each. */
public final class Remedies {

    private Remedies() {
    }

    /** energy_uj exists but this process may not read it. */
    public static String powercapDenied(String file) {
        return "Since Linux 5.10 the RAPL energy_uj files are readable by root only (mode 0400, CVE-2020-8694), so "
                + file + " cannot be read by this user. Pick one: "
                + "(1) run as root; in Kubernetes run the DaemonSet container as root (runAsUser: 0) with /sys "
                + "mounted from the host as a readOnly hostPath, or privileged: true; "
                + "(2) make the counters world-readable on every boot with a udev rule, e.g. "
                + "/etc/udev/rules.d/90-energy4j-rapl.rules containing "
                + "SUBSYSTEM==\"powercap\", ACTION==\"add\", RUN+=\"/bin/chmod a+r /sys%p/energy_uj\" "
                + "then run: udevadm control --reload && udevadm trigger --subsystem-match=powercap --action=add; "
                + "(3) limit access to one group instead: RUN+=\"/bin/chgrp energy4j /sys%p/energy_uj\", "
                + "RUN+=\"/bin/chmod g+r /sys%p/energy_uj\" and add the service user to group energy4j "
                + "(use chgrp/chmod rather than setfacl: sysfs does not keep POSIX ACLs). "
                + "For a one-off test: sudo chmod a+r /sys/class/powercap/intel-rapl:*/energy_uj "
                + "/sys/class/powercap/intel-rapl:*:*/energy_uj (lost on reboot).";
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
                + "and grant the device nodes to a group: sudo setfacl -m g:energy4j:r /dev/cpu/*/msr "
                + "(or a udev rule: SUBSYSTEM==\"msr\", GROUP=\"energy4j\", MODE=\"0440\"). "
                + "In Kubernetes run the container privileged, or as root with capabilities.add: [SYS_RAWIO] "
                + "and /dev/cpu mounted from the host. Prefer the powercap source (rapl) where it is available.";
    }

    /** /dev/cpu/N/msr is absent. */
    public static String msrMissing(String file) {
        return file + " does not exist: load the msr driver with sudo modprobe msr (persist it with "
                + "echo msr | sudo tee /etc/modules-load.d/msr.conf); in a container mount /dev/cpu from the host.";
    }
}
