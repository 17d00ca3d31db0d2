package io.peerwatch.normalize.parsers;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.parsers.hostlog.Ip;
import io.peerwatch.normalize.parsers.hostlog.Mac;
import io.peerwatch.normalize.parsers.hostlog.RecordText;
import io.peerwatch.normalize.parsers.hostlog.SafeXml;
import io.peerwatch.normalize.parsers.hostlog.Times;
import io.peerwatch.normalize.parsers.hostlog.Uuids;
import io.peerwatch.schema.Nic;
import io.peerwatch.schema.VmDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@code libvirt-domxml}: one record is a whole libvirt domain XML ({@code virsh dumpxml}, the files in
 * /etc/libvirt/qemu/) → one VmDefinition: uuid, name, and per {@code <interface>} its MAC, source network
 * and bridge and any {@code <ip address>} children. Interfaces without a MAC are left out (libvirt adds one
 * when it defines the domain, so a definition without is a template).
 *
 * <p>Ownership comes from {@code <metadata>}: OpenStack Nova's namespace
 * ({@code http://openstack.org/xmlns/libvirt/nova/*}: owner = user name, tenant = project name, platform
 * openstack, display name and flavor as tags) and peerwatch's own ({@value #PEERWATCH_NS}: {@code <pw:vm>}
 * with {@code <pw:owner>}, {@code <pw:tenant>}, {@code <pw:host>}, {@code <pw:instance-id>},
 * {@code <pw:tag name="k">v</pw:tag>}), which wins over Nova's where both say something.
 *
 * <p>The XML is parsed with DOCTYPE declarations refused (XXE and entity bombs: error class UnsafeXml).
 * Event time: the record's source timestamp (file modification time or Kafka record time): a domain XML
 * has no time of its own. Network scope: the bridge (else network) when all interfaces share one.
 */
public final class LibvirtDomXmlParser implements RecordParser {
    public static final String PEERWATCH_NS = "urn:peerwatch:libvirt:1";
    static final String NOVA_NS_PREFIX = "http://openstack.org/xmlns/libvirt/nova/";
    private static final int MAX_NICS = 256;
    private static final int MAX_TAGS = 256;
    private static final int MAX_VALUE = 1024;

    private final int maxRecordBytes;
    private SafeXml xml;

    public LibvirtDomXmlParser(NormalizeConfig cfg) {
        this.maxRecordBytes = cfg.maxRecordBytes();
    }

    @Override
    public String format() {
        return Formats.LIBVIRT_DOMXML;
    }

    @Override
    public ParseOutcome parse(RawRecord raw) throws ParseException {
        String text = RecordText.document(raw, maxRecordBytes);
        if (text.isBlank()) throw new ParseException(ParseException.MALFORMED, "empty domain XML");
        if (xml == null) xml = new SafeXml();
        Document doc = xml.parse(text, "domain XML");
        Element root = doc.getDocumentElement();
        if (!"domain".equals(root.getLocalName()) || root.getNamespaceURI() != null) {
            throw new ParseException(ParseException.UNSUPPORTED, "not a libvirt domain XML (root element <"
                    + RecordText.bounded(root.getNodeName(), 40) + ">)");
        }
        String name = value(childText(root, "name"), "domain name");
        String uuid = Uuids.canonicalOrNull(childText(root, "uuid"), "domain uuid");
        if (name == null && uuid == null) throw new ParseException(ParseException.MISSING_FIELD, "domain has neither <name> nor <uuid>");

        VmDefinition.Builder vm = VmDefinition.newBuilder().setUuid(uuid).setName(name).setPlatform("libvirt");
        List<Nic> nics = nics(root);
        vm.setNics(nics);
        Map<String, String> tags = new LinkedHashMap<>();
        Element metadata = child(root, "metadata");
        if (metadata != null) {
            Metadata md = new Metadata();
            for (Node n = metadata.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (!(n instanceof Element e) || e.getNamespaceURI() == null) continue;
                if (e.getNamespaceURI().startsWith(NOVA_NS_PREFIX) && "instance".equals(e.getLocalName())) nova(e, md, tags);
            }
            for (Node n = metadata.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && PEERWATCH_NS.equals(e.getNamespaceURI()) && "vm".equals(e.getLocalName())) peerwatch(e, md, tags);
            }
            vm.setOwner(md.owner).setTenant(md.tenant).setHypervisorHost(md.host).setInstanceId(md.instanceId);
            if (md.platform != null) vm.setPlatform(md.platform);
        }
        vm.setTags(new java.util.HashMap<>(tags));
        if (!Times.inRange(raw.sourceTimestamp)) {
            throw new ParseException(ParseException.INVALID_TIMESTAMP,
                    "domain XML has no usable source timestamp (" + raw.sourceTimestamp + "); the XML carries no time of its own");
        }
        return ParseOutcome.of(new Parsed(raw.sourceTimestamp, commonScope(nics), null, vm.build()));
    }

    private static final class Metadata {
        String owner;
        String tenant;
        String host;
        String instanceId;
        String platform;
    }

    private static List<Nic> nics(Element root) throws ParseException {
        List<Nic> nics = new ArrayList<>();
        Element devices = child(root, "devices");
        if (devices == null) return nics;
        int index = 0;
        for (Node n = devices.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element iface) || !"interface".equals(iface.getLocalName())) continue;
            String where = "interface[" + index++ + "]";
            Element macEl = child(iface, "mac");
            if (macEl == null || macEl.getAttribute("address").isEmpty()) continue;
            if (nics.size() >= MAX_NICS) throw new ParseException(ParseException.OVERSIZED, "domain has more than " + MAX_NICS + " interfaces");
            Nic.Builder nic = Nic.newBuilder().setMac(Mac.normalize(macEl.getAttribute("address"), where + " mac"));
            Element source = child(iface, "source");
            if (source != null) {
                nic.setNetwork(value(attr(source, "network"), where + " source network"));
                String bridge = attr(source, "bridge");
                if (bridge == null && "bridge".equals(iface.getAttribute("type"))) bridge = attr(source, "dev");
                nic.setBridge(value(bridge, where + " source bridge"));
            }
            List<String> addresses = new ArrayList<>();
            for (Node c = iface.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element ip && "ip".equals(ip.getLocalName()) && !ip.getAttribute("address").isEmpty()) {
                    addresses.add(Ip.canonical(ip.getAttribute("address"), where + " ip address"));
                }
            }
            nic.setAddresses(addresses);
            nics.add(nic.build());
        }
        return nics;
    }

    /** Nova's instance metadata: owner/user and owner/project name the people responsible. */
    private static void nova(Element instance, Metadata md, Map<String, String> tags) throws ParseException {
        md.platform = "openstack";
        for (Node n = instance.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) continue;
            switch (e.getLocalName()) {
                case "name" -> tag(tags, "nova.display_name", text(e));
                case "flavor" -> tag(tags, "nova.flavor", attr(e, "name"));
                case "owner" -> {
                    for (Node o = e.getFirstChild(); o != null; o = o.getNextSibling()) {
                        if (!(o instanceof Element oe)) continue;
                        if ("user".equals(oe.getLocalName())) {
                            md.owner = value(text(oe), "nova owner user");
                            tag(tags, "nova.user_uuid", attr(oe, "uuid"));
                        } else if ("project".equals(oe.getLocalName())) {
                            md.tenant = value(text(oe), "nova owner project");
                            tag(tags, "nova.project_uuid", attr(oe, "uuid"));
                        }
                    }
                }
                default -> { }
            }
        }
    }

    private static void peerwatch(Element vm, Metadata md, Map<String, String> tags) throws ParseException {
        for (Node n = vm.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e) || !PEERWATCH_NS.equals(e.getNamespaceURI())) continue;
            switch (e.getLocalName()) {
                case "owner" -> md.owner = value(text(e), "peerwatch owner");
                case "tenant" -> md.tenant = value(text(e), "peerwatch tenant");
                case "host" -> md.host = value(text(e), "peerwatch host");
                case "instance-id" -> md.instanceId = value(text(e), "peerwatch instance-id");
                case "platform" -> md.platform = value(text(e), "peerwatch platform");
                case "tag" -> {
                    String key = attr(e, "name");
                    if (key == null) throw new ParseException(ParseException.MISSING_FIELD, "peerwatch <tag> without a name attribute");
                    tag(tags, value(key, "tag name"), text(e) == null ? "" : text(e));
                }
                default -> { }
            }
        }
    }

    private static void tag(Map<String, String> tags, String key, String value) throws ParseException {
        if (value == null) return;
        if (tags.size() >= MAX_TAGS && !tags.containsKey(key)) {
            throw new ParseException(ParseException.OVERSIZED, "domain metadata has more than " + MAX_TAGS + " tags");
        }
        tags.put(key, value(value, "tag " + key));
    }

    /** The bridge (or else network) all NICs share, null when they differ or there are none. */
    static String commonScope(List<Nic> nics) {
        String scope = null;
        for (Nic nic : nics) {
            String s = nic.getBridge() != null ? nic.getBridge() : nic.getNetwork();
            if (s == null || (scope != null && !scope.equals(s))) return null;
            scope = s;
        }
        return scope;
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName()) && e.getNamespaceURI() == null) return e;
        }
        return null;
    }

    private static String childText(Element parent, String localName) {
        Element e = child(parent, localName);
        return e == null ? null : text(e);
    }

    private static String text(Element e) {
        String t = e.getTextContent();
        if (t == null) return null;
        t = t.strip();
        return t.isEmpty() ? null : t;
    }

    private static String attr(Element e, String name) {
        String v = e.getAttribute(name);
        return v.isEmpty() ? null : v;
    }

    /** Bounded single-line value; XML can carry line breaks inside text that an output field must not. */
    private static String value(String v, String what) throws ParseException {
        if (v == null) return null;
        if (v.length() > MAX_VALUE) throw new ParseException(ParseException.OVERSIZED, what + " is longer than " + MAX_VALUE + " characters");
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < 0x20) throw new ParseException(ParseException.CONTROL_CHARACTERS, what + " contains a control character");
        }
        return v;
    }
}
