package io.peerwatch.common;

import java.util.List;
import java.util.Set;

/**
 * FORMAT names: the public contract used by {@code --input FORMAT=PATH}, raw-topic routing and the
 * {@code format} field of every normalized record. Never rename one; add new ones.
 */
public final class Formats {
    public static final String ZEEK_CONN = "zeek-conn";
    public static final String ZEEK_DNS = "zeek-dns";
    public static final String ZEEK_HTTP = "zeek-http";
    public static final String ZEEK_SSL = "zeek-ssl";
    public static final String SURICATA_EVE = "suricata-eve";
    public static final String AWS_VPC_FLOW = "aws-vpc-flow";
    public static final String GOFLOW2 = "goflow2";
    public static final String DNSMASQ_DHCP = "dnsmasq-dhcp";
    public static final String LIBVIRT_LEASES = "libvirt-leases";
    public static final String LIBVIRT_DOMXML = "libvirt-domxml";
    public static final String LIBVIRT_EVENT = "libvirt-event";
    public static final String OPENSTACK_NOVA = "openstack-nova";
    public static final String VCENTER_EVENT = "vcenter-event";
    public static final String INVENTORY = "inventory";
    public static final String SYSMON = "sysmon";
    public static final String AUDITD = "auditd";

    /** In the order users usually list them: flows, application layer, identity, guest. */
    public static final List<String> ALL = List.of(
            ZEEK_CONN, SURICATA_EVE, AWS_VPC_FLOW, GOFLOW2,
            ZEEK_DNS, ZEEK_HTTP, ZEEK_SSL,
            DNSMASQ_DHCP, LIBVIRT_LEASES, LIBVIRT_DOMXML, LIBVIRT_EVENT, OPENSTACK_NOVA, VCENTER_EVENT, INVENTORY,
            SYSMON, AUDITD);

    private static final Set<String> KNOWN = Set.copyOf(ALL);

    /**
     * Formats whose records are whole documents rather than lines: one file (or one Kafka record) is one
     * record.
     */
    public static final Set<String> WHOLE_FILE = Set.of(LIBVIRT_DOMXML, LIBVIRT_LEASES);

    private Formats() {}

    public static boolean isKnown(String format) {
        return KNOWN.contains(format);
    }

    /** @throws IllegalArgumentException naming the known formats when {@code format} is not one of them */
    public static String require(String format) {
        if (!isKnown(format)) {
            throw new IllegalArgumentException("unknown FORMAT '" + format + "'; known formats: " + String.join(", ", ALL));
        }
        return format;
    }
}
