package io.github.energy4j.agent.vm;

import java.util.Objects;

/**
 * A virtual machine whose emulator runs as a process of this node.
 *
 * @param id         a stable identifier: the machine's UUID where the command line has one, else what the
 *                   hypervisor names it by (see {@link VmCommandLine})
 * @param name       the guest's name; {@code <hypervisor>-<first 8 characters of id>} when the command line names
 *                   none, as Kepler does
 * @param hypervisor {@code kvm}, {@code virtualbox}, {@code vmware} or {@code xen} (Kepler's {@code Hypervisor}
 *                   values, {@code internal/resource/types.go})
 */
public record VirtualMachine(String id, String name, String hypervisor) {

    /** Not a VM process: the sentinel {@link VmProcesses#of} returns instead of null. */
    public static final VirtualMachine NONE = new VirtualMachine("", "", "");

    public VirtualMachine {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hypervisor, "hypervisor");
    }

    /** False for {@link #NONE}. */
    public boolean isVm() {
        return !id.isEmpty();
    }
}
