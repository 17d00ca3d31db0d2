package io.peerwatch.normalize.parse;

import io.peerwatch.common.Formats;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parsers.AuditdParser;
import io.peerwatch.normalize.parsers.AwsVpcFlowParser;
import io.peerwatch.normalize.parsers.DnsmasqDhcpParser;
import io.peerwatch.normalize.parsers.Goflow2Parser;
import io.peerwatch.normalize.parsers.InventoryParser;
import io.peerwatch.normalize.parsers.LibvirtDomXmlParser;
import io.peerwatch.normalize.parsers.LibvirtEventParser;
import io.peerwatch.normalize.parsers.LibvirtLeasesParser;
import io.peerwatch.normalize.parsers.OpenstackNovaParser;
import io.peerwatch.normalize.parsers.SuricataEveParser;
import io.peerwatch.normalize.parsers.SysmonParser;
import io.peerwatch.normalize.parsers.VcenterEventParser;
import io.peerwatch.normalize.parsers.ZeekConnParser;
import io.peerwatch.normalize.parsers.ZeekDnsParser;
import io.peerwatch.normalize.parsers.ZeekHttpParser;
import io.peerwatch.normalize.parsers.ZeekSslParser;

/** The parser of each FORMAT (every name in {@link Formats#ALL} has one). */
public final class Parsers {
    private Parsers() {}

    /**
     * A new parser instance (parsers keep per-source state, so each operator subtask gets its own).
     *
     * @throws IllegalArgumentException for a name that is not a known FORMAT
     */
    public static RecordParser create(String format, NormalizeConfig cfg) {
        Formats.require(format);
        return switch (format) {
            case Formats.ZEEK_CONN -> new ZeekConnParser(cfg);
            case Formats.ZEEK_DNS -> new ZeekDnsParser(cfg);
            case Formats.ZEEK_HTTP -> new ZeekHttpParser(cfg);
            case Formats.ZEEK_SSL -> new ZeekSslParser(cfg);
            case Formats.SURICATA_EVE -> new SuricataEveParser(cfg);
            case Formats.AWS_VPC_FLOW -> new AwsVpcFlowParser(cfg);
            case Formats.GOFLOW2 -> new Goflow2Parser(cfg);
            case Formats.DNSMASQ_DHCP -> new DnsmasqDhcpParser(cfg);
            case Formats.LIBVIRT_LEASES -> new LibvirtLeasesParser(cfg);
            case Formats.LIBVIRT_DOMXML -> new LibvirtDomXmlParser(cfg);
            case Formats.LIBVIRT_EVENT -> new LibvirtEventParser(cfg);
            case Formats.OPENSTACK_NOVA -> new OpenstackNovaParser(cfg);
            case Formats.VCENTER_EVENT -> new VcenterEventParser(cfg);
            case Formats.INVENTORY -> new InventoryParser(cfg);
            case Formats.SYSMON -> new SysmonParser(cfg);
            case Formats.AUDITD -> new AuditdParser(cfg);
            default -> throw new IllegalArgumentException("no parser registered for FORMAT " + format);
        };
    }
}
