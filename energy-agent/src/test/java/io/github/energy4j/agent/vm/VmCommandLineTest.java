package io.github.energy4j.agent.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Command lines as each hypervisor's launcher writes them to {@code /proc/[pid]/cmdline} (NUL-separated, with the
 * trailing NUL), shortened to the options that matter plus a few around them.
 */
class VmCommandLineTest {

    private static VirtualMachine parse(String exe, String... argv) {
        byte[] b = (String.join("\0", argv) + "\0").getBytes(StandardCharsets.UTF_8);
        return VmCommandLine.parse(b, b.length, exe);
    }

    @Test
    void shouldTakeLibvirtsGuestNameAndUuid() {
        VirtualMachine vm = parse("/usr/bin/qemu-system-x86_64", "/usr/bin/qemu-system-x86_64",
                "-name", "guest=web-01,debug-threads=on", "-S", "-object",
                "{\"qom-type\":\"secret\",\"id\":\"masterKey0\"}", "-machine", "pc-q35-8.2,usb=off",
                "-accel", "kvm", "-m", "size=4194304k", "-uuid", "6f0a4e1c-2d3b-4c5d-9e8f-0a1b2c3d4e5f",
                "-no-user-config", "-nodefaults");
        assertEquals(new VirtualMachine("6f0a4e1c-2d3b-4c5d-9e8f-0a1b2c3d4e5f", "web-01", "kvm"), vm);
    }

    @Test
    void shouldTakeTheNameAsIdWhenQemuHasNoUuidAsKeplerDoes() {
        VirtualMachine vm = parse("", "qemu-system-aarch64", "-M", "virt", "-name", "build-vm", "-nographic");
        assertEquals(new VirtualMachine("build-vm", "build-vm", "kvm"), vm);
    }

    @Test
    void shouldRecogniseProxmoxKvmByItsVmid() {
        VirtualMachine vm = parse("/usr/bin/qemu-system-x86_64", "/usr/bin/kvm", "-id", "104", "-name",
                "db-02,debug-threads=on", "-no-shutdown", "-chardev",
                "socket,id=qmp,path=/var/run/qemu-server/104.qmp,server=on,wait=off", "-smbios",
                "type=1,uuid=0c8b2f4e-7a55-4f8a-b3a1-93c5e1d2f004", "-smp", "4,sockets=1,cores=4,maxcpus=4");
        assertEquals(new VirtualMachine("104", "db-02", "kvm"), vm);
    }

    @Test
    void shouldRecogniseRhelQemuKvm() {
        VirtualMachine vm = parse("/usr/libexec/qemu-kvm", "/usr/libexec/qemu-kvm", "-name",
                "guest=rhel9,debug-threads=on", "-uuid", "11111111-2222-3333-4444-555555555555");
        assertEquals("kvm", vm.hypervisor());
        assertEquals("rhel9", vm.name());
    }

    @Test
    void shouldRecogniseAXenDeviceModelByItsDomid() {
        VirtualMachine vm = parse("/usr/lib/xen/bin/qemu-system-i386", "/usr/lib/xen/bin/qemu-system-i386",
                "-xen-domid", "7", "-chardev", "socket,id=libxl-cmd,path=/var/run/xen/qmp-libxl-7,server=on,wait=off",
                "-no-shutdown", "-mon", "chardev=libxl-cmd,mode=control", "-nodefaults", "-no-user-config",
                "-name", "win-hvm", "-machine", "xenfv");
        assertEquals(new VirtualMachine("win-hvm", "win-hvm", "xen"), vm);
        VirtualMachine unnamed = parse("", "/usr/lib/xen/bin/qemu-system-i386", "-xen-domid", "9", "-machine", "xenfv");
        assertEquals(new VirtualMachine("domid-9", "xen-domid-9", "xen"), unnamed);
    }

    @Test
    void shouldRecogniseVirtualBoxHeadlessAndTheGui() {
        VirtualMachine headless = parse("/usr/lib/virtualbox/VBoxHeadless", "/usr/lib/virtualbox/VBoxHeadless",
                "--comment", "ubuntu-ci", "--startvm", "3d2f6c1b-8e4a-4b7c-9d0e-1f2a3b4c5d6e", "--vrde", "config");
        assertEquals(new VirtualMachine("3d2f6c1b-8e4a-4b7c-9d0e-1f2a3b4c5d6e", "ubuntu-ci", "virtualbox"), headless);
        VirtualMachine gui = parse("", "/usr/lib/virtualbox/VirtualBoxVM", "--startvm", "dev box",
                "--no-startvm-errormsgbox");
        assertEquals(new VirtualMachine("dev box", "dev box", "virtualbox"), gui);
    }

    @Test
    void shouldRecogniseVmwareByItsVmxFile() {
        VirtualMachine vm = parse("/usr/lib/vmware/bin/vmware-vmx", "/usr/lib/vmware/bin/vmware-vmx",
                "-ssnapshot.numRollingTiers=0", "-s", "vmx.stdio.keep=TRUE", "-#",
                "product=1;name=VMware Workstation;version=17.5.1;buildnumber=23298084;licensename=VMware Workstation;"
                        + "licenseversion=17.0;", "-@", "duplex=3;msgs=ui", "/home/ana/vmware/Win11/Win11.vmx");
        assertEquals(new VirtualMachine("/home/ana/vmware/Win11/Win11.vmx", "Win11", "vmware"), vm);
    }

    @Test
    void shouldFallBackToTheExeLinkWhenArgvZeroIsRewritten() {
        // QEMU's -name ...,process=NAME changes the thread name, and a wrapper may change argv[0]
        VirtualMachine vm = parse("/usr/bin/qemu-system-x86_64", "vm-proc", "-name", "guest=a,process=vm-proc",
                "-uuid", "u-1");
        assertEquals(new VirtualMachine("u-1", "a", "kvm"), vm);
    }

    @Test
    void shouldMakeUpAStableIdAndKeplersNameWhenTheCommandLineGivesNone() {
        VirtualMachine a = parse("", "qemu-system-x86_64", "-hda", "a.qcow2");
        VirtualMachine b = parse("", "qemu-system-x86_64", "-hda", "b.qcow2");
        assertEquals(16, a.id().length());
        assertTrue(a.id().matches("[0-9a-f]{16}"));
        assertNotEquals(a.id(), b.id(), "two VMs from one binary are two VMs");
        assertEquals(a, parse("", "qemu-system-x86_64", "-hda", "a.qcow2"), "stable across reads");
        assertEquals("kvm-" + a.id().substring(0, 8), a.name());
    }

    @Test
    void shouldTakeNoOrdinaryProcessForAVm() {
        assertSame(VirtualMachine.NONE, parse("/usr/bin/bash", "bash", "-c",
                "/usr/bin/qemu-system-x86_64 -name guest=x"), "a shell mentioning QEMU runs no VM itself");
        assertSame(VirtualMachine.NONE, parse("/usr/bin/grep", "grep", "bin/qemu-system-x86"));
        assertSame(VirtualMachine.NONE, parse("/usr/sbin/libvirtd", "/usr/sbin/libvirtd", "--timeout", "120"));
        assertSame(VirtualMachine.NONE, parse("/usr/lib/virtualbox/VirtualBox", "VirtualBox"),
                "the VirtualBox manager without --startvm runs no VM");
        assertSame(VirtualMachine.NONE, parse("/usr/sbin/xl", "xl", "create", "/etc/xen/win.cfg"),
                "xl is the toolstack, not a guest");
        assertSame(VirtualMachine.NONE, parse("", new String[0]));
        assertFalse(VirtualMachine.NONE.isVm());
    }

    @Test
    void shouldReadQemuNameSyntax() {
        assertEquals("a,b", VmCommandLine.qemuName("a,,b,debug-threads=on"));
        assertEquals("x", VmCommandLine.qemuName("debug-threads=on,guest=x"));
        assertEquals("", VmCommandLine.qemuName("debug-threads=on"));
        assertEquals("abc", VmCommandLine.value(List.of("p", "--uuid=abc"), "uuid"));
        assertEquals("v", VmCommandLine.value(List.of("p", "--uuid", "v"), "uuid"));
        assertEquals("", VmCommandLine.value(List.of("p", "-uuid"), "uuid"), "an option without its value");
    }

    @Test
    void shouldSplitArgumentsLikeTheKernelWritesThem() {
        byte[] b = "a\0\0c\0".getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of("a", "", "c"), VmCommandLine.split(b, b.length));
        assertEquals(List.of("ab"), VmCommandLine.split("ab".getBytes(StandardCharsets.US_ASCII), 2),
                "a command line cut short has no trailing NUL");
    }
}
