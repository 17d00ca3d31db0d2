package io.peerwatch.testkit.scenario;

/**
 * A KVM host: its libvirt network "default" on bridge virbr0 with its own /16, dnsmasq answering DHCP and DNS
 * on the gateway address. For the cloud view (VPC flow logs) each host is one subnet in one availability zone.
 *
 * @param index 0-based
 * @param name host name as in syslog, e.g. kvm-host-01
 * @param subnetPrefix first two octets with a dot, e.g. "10.16."
 */
public record Hypervisor(int index, String name, String subnetPrefix, String gatewayIp, String bridge, String network,
                         int dnsmasqPid, String subnetId, String azId) {

    public static Hypervisor of(int index, int count) {
        String name = String.format("kvm-host-%0" + Math.max(2, String.valueOf(count).length()) + "d", index + 1);
        String prefix = "10." + (16 + index) + ".";
        return new Hypervisor(index, name, prefix, prefix + "0.1", "virbr0", "default",
                900 + (index * 37) % 4000, String.format("subnet-%017x", 0x0a10000000L + index), "euw1-az" + (1 + index % 3));
    }

    /** The k-th VM address of this host (k from 0): 10.x.(k/200).(10 + k%200). */
    public String vmAddress(int k) {
        return subnetPrefix + (k / 200) + "." + (10 + k % 200);
    }
}
