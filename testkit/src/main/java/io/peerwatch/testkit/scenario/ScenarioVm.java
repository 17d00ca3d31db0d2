package io.peerwatch.testkit.scenario;

/**
 * One VM of the generated estate, with the identifiers every log format uses for it.
 *
 * @param index 0-based position in the estate
 * @param name libvirt domain name
 * @param uuid libvirt domain UUID (the device.uid of incidents)
 * @param mac NIC MAC address, 52:54:00:xx:xx:xx
 * @param instanceId EC2-style instance id used by the VPC flow view
 * @param interfaceId EC2-style ENI id used by the VPC flow view
 * @param hypervisor host name
 * @param ip IPv4 address it holds from its DHCP ack until it is stopped
 * @param definedAtMillis when its domain XML was defined (the scenario start for VMs that existed before)
 * @param bootAtMillis when libvirt reported it started
 * @param stopAtMillis when it shut down and released its address, or Long.MAX_VALUE if it runs to the end
 */
public record ScenarioVm(int index, String name, String uuid, String mac, String instanceId, String interfaceId,
                         String hypervisor, Role role, String ip, long definedAtMillis, long bootAtMillis, long stopAtMillis) {

    public boolean runsToEnd() {
        return stopAtMillis == Long.MAX_VALUE;
    }

    /** Whether the VM held its address at {@code millis}. */
    public boolean holdsAddressAt(long millis) {
        return millis >= bootAtMillis && millis < stopAtMillis;
    }

    ScenarioVm withTimes(long defined, long boot, long stop) {
        return new ScenarioVm(index, name, uuid, mac, instanceId, interfaceId, hypervisor, role, ip, defined, boot, stop);
    }

    ScenarioVm withIp(String newIp) {
        return new ScenarioVm(index, name, uuid, mac, instanceId, interfaceId, hypervisor, role, newIp, definedAtMillis, bootAtMillis, stopAtMillis);
    }
}
