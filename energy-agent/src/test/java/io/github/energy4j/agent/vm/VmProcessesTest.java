package io.github.energy4j.agent.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.energy4j.testing.FakeProcfs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmProcessesTest {

    @TempDir
    Path tmp;

    private void cmdline(int pid, String... argv) throws Exception {
        Files.write(tmp.resolve(pid + "/cmdline"), (String.join("\0", argv) + "\0").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldDetectAVmFromItsCmdlineOncePerProcess() throws Exception {
        FakeProcfs.create(tmp).process(320, "qemu-system-x86", 40, 0, 9).process(321, "nginx", 5, 0, 9);
        cmdline(320, "/usr/bin/qemu-system-x86_64", "-name", "guest=vm-a,debug-threads=on", "-uuid", "u-320");
        Files.createSymbolicLink(tmp.resolve("320/exe"), Path.of("/usr/bin/qemu-system-x86_64"));
        cmdline(321, "nginx: master process /usr/sbin/nginx");
        VmProcesses v = new VmProcesses(tmp);
        assertEquals(new VirtualMachine("u-320", "vm-a", "kvm"), v.of(320, 9));
        assertSame(VirtualMachine.NONE, v.of(321, 9));
        cmdline(320, "/usr/bin/true"); // the process exec'd another program
        Files.delete(tmp.resolve("320/exe"));
        Files.createSymbolicLink(tmp.resolve("320/exe"), Path.of("/usr/bin/true"));
        assertEquals("u-320", v.of(320, 9).id(), "cached while exported");
        assertEquals(2, v.reads());
        v.endFrame();
        v.endFrame(); // a frame without them: forgotten
        assertSame(VirtualMachine.NONE, v.of(320, 9));
        assertEquals(3, v.reads());
    }

    @Test
    void shouldNotLendAReusedPidsCommandLineToTheOldProcess() throws Exception {
        FakeProcfs.create(tmp).process(320, "qemu-system-x86", 1, 0, 99);
        cmdline(320, "/usr/bin/qemu-system-x86_64", "-name", "new");
        assertSame(VirtualMachine.NONE, new VmProcesses(tmp).of(320, 5));
        assertEquals("new", new VmProcesses(tmp).of(320, 99).name());
    }

    @Test
    void shouldTakeUnreadableOrVanishedProcessesForNoVm() {
        assertSame(VirtualMachine.NONE, VmProcesses.NONE.of(1, 1));
        assertEquals(0, VmProcesses.NONE.reads());
        assertSame(VirtualMachine.NONE, new VmProcesses(tmp).of(4242, 1));
    }
}
