/**
 * Virtual machine processes: which host processes are the emulators of guests (QEMU/KVM, Proxmox, libvirt,
 * VirtualBox, VMware, Xen device models), recognised from the executable and the command line as Kepler does, so
 * that their energy can be reported per VM. Cold path: a process's command line is read once, when it is first
 * exported.
 */
package io.github.energy4j.agent.vm;
