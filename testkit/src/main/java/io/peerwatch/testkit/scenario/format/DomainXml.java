package io.peerwatch.testkit.scenario.format;

import io.peerwatch.testkit.scenario.Hypervisor;
import io.peerwatch.testkit.scenario.ScenarioVm;

/** A libvirt domain definition as {@code virsh dumpxml --inactive} prints it for a q35 KVM guest. */
public final class DomainXml {
    private DomainXml() {}

    public static String of(ScenarioVm vm, Hypervisor host) {
        int memKiB = switch (vm.role()) {
            case DB, BUILD -> 8388608;
            case DESKTOP -> 4194304;
            default -> 2097152;
        };
        int vcpus = memKiB >= 8388608 ? 4 : 2;
        return "<domain type='kvm'>\n"
                + "  <name>" + vm.name() + "</name>\n"
                + "  <uuid>" + vm.uuid() + "</uuid>\n"
                + "  <metadata>\n"
                + "    <libosinfo:libosinfo xmlns:libosinfo=\"http://libosinfo.org/xmlns/libvirt/domain/1.0\">\n"
                + "      <libosinfo:os id=\"http://ubuntu.com/ubuntu/22.04\"/>\n"
                + "    </libosinfo:libosinfo>\n"
                + "  </metadata>\n"
                + "  <memory unit='KiB'>" + memKiB + "</memory>\n"
                + "  <currentMemory unit='KiB'>" + memKiB + "</currentMemory>\n"
                + "  <vcpu placement='static'>" + vcpus + "</vcpu>\n"
                + "  <os>\n"
                + "    <type arch='x86_64' machine='pc-q35-6.2'>hvm</type>\n"
                + "    <boot dev='hd'/>\n"
                + "  </os>\n"
                + "  <features>\n"
                + "    <acpi/>\n"
                + "    <apic/>\n"
                + "    <vmport state='off'/>\n"
                + "  </features>\n"
                + "  <cpu mode='host-passthrough' check='none' migratable='on'/>\n"
                + "  <clock offset='utc'>\n"
                + "    <timer name='rtc' tickpolicy='catchup'/>\n"
                + "    <timer name='pit' tickpolicy='delay'/>\n"
                + "    <timer name='hpet' present='no'/>\n"
                + "  </clock>\n"
                + "  <on_poweroff>destroy</on_poweroff>\n"
                + "  <on_reboot>restart</on_reboot>\n"
                + "  <on_crash>destroy</on_crash>\n"
                + "  <devices>\n"
                + "    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n"
                + "    <disk type='file' device='disk'>\n"
                + "      <driver name='qemu' type='qcow2' discard='unmap'/>\n"
                + "      <source file='/var/lib/libvirt/images/" + vm.name() + ".qcow2'/>\n"
                + "      <target dev='vda' bus='virtio'/>\n"
                + "      <address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n"
                + "    </disk>\n"
                + "    <interface type='network'>\n"
                + "      <mac address='" + vm.mac() + "'/>\n"
                + "      <source network='" + host.network() + "'/>\n"
                + "      <model type='virtio'/>\n"
                + "      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"
                + "    </interface>\n"
                + "    <serial type='pty'>\n"
                + "      <target type='isa-serial' port='0'>\n"
                + "        <model name='isa-serial'/>\n"
                + "      </target>\n"
                + "    </serial>\n"
                + "    <console type='pty'>\n"
                + "      <target type='serial' port='0'/>\n"
                + "    </console>\n"
                + "    <channel type='unix'>\n"
                + "      <target type='virtio' name='org.qemu.guest_agent.0'/>\n"
                + "      <address type='virtio-serial' controller='0' bus='0' port='1'/>\n"
                + "    </channel>\n"
                + "    <memballoon model='virtio'>\n"
                + "      <address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x0'/>\n"
                + "    </memballoon>\n"
                + "  </devices>\n"
                + "</domain>\n";
    }
}
