package io.peerwatch.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwatch.common.Formats;
import io.peerwatch.common.io.InputSpec;
import io.peerwatch.common.io.RawFiles;
import io.peerwatch.common.RawRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The generated records have the shapes of the real logs (as in the development data set, taken from real
 * captures): the same field names and types, line layouts and header.
 */
class ScenarioFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IPV4 = "(?:\\d{1,3}\\.){3}\\d{1,3}";
    private static final String MAC = "52:54:00(?::[0-9a-f]{2}){3}";

    /** Header line of the development data's VPC flow logs (version 5, all fields). */
    private static final String DEV_VPC_HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end "
            + "action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type "
            + "sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path";
    private static final Set<String> ZEEK_ID = Set.of("ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p");
    /** Fields of Zeek's conn.log that the development data shows on every record. */
    private static final Set<String> CONN_ALWAYS = Set.of("proto", "conn_state", "local_orig", "local_resp", "missed_bytes", "history",
            "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes");
    private static final Set<String> CONN_OPTIONAL = Set.of("service", "duration", "orig_bytes", "resp_bytes");
    private static final Set<String> DNS_ALWAYS = Set.of("proto", "trans_id", "query", "qclass", "qclass_name", "qtype", "qtype_name",
            "AA", "TC", "RD", "RA", "Z", "rejected");
    private static final Set<String> DNS_OPTIONAL = Set.of("rtt", "rcode", "rcode_name", "answers", "TTLs");
    private static final Set<String> HTTP_ALWAYS = Set.of("trans_depth", "method", "host", "uri", "version", "request_body_len", "response_body_len");
    private static final Set<String> HTTP_OPTIONAL = Set.of("user_agent", "status_code", "status_msg", "tags", "resp_fuids", "resp_mime_types");
    private static final Set<String> SSL_ALWAYS = Set.of("server_name", "resumed", "established");
    private static final Set<String> SSL_OPTIONAL = Set.of("version", "cipher", "curve", "ssl_history");

    private static Scenario scenario;
    private static Map<String, List<String>> lines;

    @BeforeAll
    static void generate() {
        scenario = ScenarioGenerator.generate(ScenarioSpec.defaults().withVms(16).withHypervisors(2).withDuration(Duration.ofHours(4))
                .withFormats(ScenarioSpec.SUPPORTED_FORMATS.toArray(String[]::new)));
        lines = scenario.lines();
    }

    private static void assertZeekShape(String format, Set<String> always, Set<String> optional) throws Exception {
        List<String> records = lines.get(format);
        assertThat(records).as(format).isNotEmpty();
        long start = scenario.spec().start().getEpochSecond();
        long end = scenario.spec().end().getEpochSecond() + 3600;
        for (String line : records) {
            assertThat(line).as("compact single-line JSON").doesNotContain("\n").startsWith("{\"ts\":");
            JsonNode n = JSON.readTree(line);
            Set<String> keys = new TreeSet<>();
            n.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).as(line).containsAll(ZEEK_ID).containsAll(always);
            Set<String> extra = new TreeSet<>(keys);
            extra.removeAll(ZEEK_ID);
            extra.removeAll(always);
            extra.removeAll(optional);
            assertThat(extra).as("unexpected fields in " + line).isEmpty();
            assertThat(n.get("ts").isNumber()).isTrue();
            assertThat(n.get("ts").asDouble()).isBetween((double) start, (double) end);
            assertThat(n.get("uid").asText()).matches("C[0-9A-Za-z]{17}");
            assertThat(n.get("id.orig_h").asText()).matches(IPV4);
            assertThat(n.get("id.resp_h").asText()).matches(IPV4);
            assertThat(n.get("id.orig_p").isInt()).isTrue();
            assertThat(n.get("id.resp_p").asInt()).isBetween(0, 65535);
        }
    }

    @Test
    void zeekConnRecordsHaveConnLogFieldsAndConsistentCounts() throws Exception {
        assertZeekShape(Formats.ZEEK_CONN, CONN_ALWAYS, CONN_OPTIONAL);
        for (String line : lines.get(Formats.ZEEK_CONN)) {
            JsonNode n = JSON.readTree(line);
            assertThat(n.get("proto").asText()).isIn("tcp", "udp");
            assertThat(n.get("conn_state").asText()).isIn("SF", "S0", "REJ");
            assertThat(n.get("orig_ip_bytes").asLong()).isGreaterThanOrEqualTo(n.path("orig_bytes").asLong(0));
            assertThat(n.get("resp_ip_bytes").asLong()).isGreaterThanOrEqualTo(n.path("resp_bytes").asLong(0));
            assertThat(n.get("local_orig").isBoolean()).isTrue();
            if (n.has("duration")) assertThat(n.get("orig_bytes").isIntegralNumber()).isTrue();
        }
    }

    @Test
    void zeekDnsRecordsHaveDnsLogFieldsWithOneTtlPerAnswer() throws Exception {
        assertZeekShape(Formats.ZEEK_DNS, DNS_ALWAYS, DNS_OPTIONAL);
        for (String line : lines.get(Formats.ZEEK_DNS)) {
            JsonNode n = JSON.readTree(line);
            assertThat(n.get("id.resp_p").asInt()).isEqualTo(53);
            assertThat(n.get("qclass_name").asText()).isEqualTo("C_INTERNET");
            assertThat(n.get("answers").size()).isEqualTo(n.get("TTLs").size());
        }
    }

    @Test
    void zeekHttpAndSslRecordsHaveTheirLogFields() throws Exception {
        assertZeekShape(Formats.ZEEK_HTTP, HTTP_ALWAYS, HTTP_OPTIONAL);
        assertZeekShape(Formats.ZEEK_SSL, SSL_ALWAYS, SSL_OPTIONAL);
    }

    @Test
    void zeekRecordsOfOneConnectionShareItsUid() throws Exception {
        Set<String> connUids = new java.util.HashSet<>();
        for (String line : lines.get(Formats.ZEEK_CONN)) connUids.add(JSON.readTree(line).get("uid").asText());
        for (String f : List.of(Formats.ZEEK_DNS, Formats.ZEEK_HTTP, Formats.ZEEK_SSL)) {
            for (String line : lines.get(f)) assertThat(connUids).as(line).contains(JSON.readTree(line).get("uid").asText());
        }
    }

    @Test
    void dnsmasqLinesAreRfc3339SyslogWithTheDhcpMessagesDnsmasqWrites() {
        Pattern syslog = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00 kvm-host-\\d\\d dnsmasq-dhcp\\[\\d+\\]: (.*)");
        Pattern ack = Pattern.compile("DHCPACK\\(virbr0\\) " + IPV4 + " " + MAC + " [a-z]+-\\d+");
        Pattern other = Pattern.compile("DHCP(DISCOVER\\(virbr0\\) " + MAC + "|(OFFER|REQUEST|RELEASE)\\(virbr0\\) " + IPV4 + " " + MAC + ")");
        int acks = 0;
        for (String line : lines.get(Formats.DNSMASQ_DHCP)) {
            var m = syslog.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            String msg = m.group(1);
            assertThat(ack.matcher(msg).matches() || other.matcher(msg).matches()).as(line).isTrue();
            if (msg.startsWith("DHCPACK")) acks++;
        }
        assertThat(acks).isGreaterThanOrEqualTo(scenario.vms().size());
    }

    @Test
    void libvirtEventLinesAreVirshEventLoopTimestampOutput() {
        Pattern p = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000: event 'lifecycle' for domain '[a-z]+-\\d+': "
                + "(Started Booted|Stopped Shutdown|Defined Added|Undefined Removed)");
        assertThat(lines.get(Formats.LIBVIRT_EVENT)).isNotEmpty().allSatisfy(l -> assertThat(p.matcher(l).matches()).as(l).isTrue());
    }

    @Test
    void domainXmlDocumentsCarryNameUuidAndInterfaceMacWhereLibvirtPutsThem() throws Exception {
        List<String> docs = lines.get(Formats.LIBVIRT_DOMXML);
        assertThat(docs).hasSize(scenario.vms().size());
        var factory = DocumentBuilderFactory.newInstance();
        for (String xml : docs) {
            Document d = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            Element root = d.getDocumentElement();
            assertThat(root.getTagName()).isEqualTo("domain");
            assertThat(root.getAttribute("type")).isEqualTo("kvm");
            String name = root.getElementsByTagName("name").item(0).getTextContent();
            ScenarioVm vm = scenario.vm(name);
            assertThat(root.getElementsByTagName("uuid").item(0).getTextContent()).isEqualTo(vm.uuid());
            Element iface = (Element) ((Element) root.getElementsByTagName("devices").item(0)).getElementsByTagName("interface").item(0);
            assertThat(((Element) iface.getElementsByTagName("mac").item(0)).getAttribute("address")).isEqualTo(vm.mac());
        }
    }

    @Test
    void vpcFlowLogsStartWithTheVersion5HeaderAndHaveOneValuePerField() {
        List<String> vpc = lines.get(Formats.AWS_VPC_FLOW);
        assertThat(vpc.get(0)).isEqualTo(DEV_VPC_HEADER);
        int fields = DEV_VPC_HEADER.split(" ").length;
        Set<String> instances = new java.util.HashSet<>();
        scenario.vms().forEach(v -> instances.add(v.instanceId()));
        for (String line : vpc.subList(1, vpc.size())) {
            String[] f = line.split(" ");
            assertThat(f).as(line).hasSize(fields);
            assertThat(f[0]).isEqualTo("5");
            assertThat(f[2]).matches("eni-[0-9a-f]{17}");
            assertThat(f[3]).matches(IPV4);
            assertThat(Long.parseLong(f[8])).isPositive();
            assertThat(Long.parseLong(f[9])).isPositive();
            assertThat(Long.parseLong(f[11])).isGreaterThan(Long.parseLong(f[10]));
            assertThat(f[12] + " " + f[13]).isEqualTo("ACCEPT OK");
            assertThat(instances).contains(f[16]);
            assertThat(f[27]).isIn("ingress", "egress");
            if (f[27].equals("ingress")) assertThat(f[28]).isEqualTo("-");
        }
    }

    @Test
    void recordsComeInEventTimeOrderAcrossFormats() {
        Iterator<ScenarioRecord> it = scenario.records();
        long previous = Long.MIN_VALUE;
        int n = 0;
        while (it.hasNext()) {
            ScenarioRecord r = it.next();
            assertThat(r.eventTimeMillis()).as(r.text()).isGreaterThanOrEqualTo(previous);
            previous = r.eventTimeMillis();
            n++;
        }
        assertThat(n).isGreaterThan(10_000);
    }

    @Test
    void writtenDirectoriesAreWhatInputFormatDirReads(@TempDir Path dir) throws Exception {
        Map<String, Long> counts = scenario.writeTo(dir);
        for (String format : scenario.spec().formats()) {
            List<RawRecord> read = RawFiles.readAll(List.of(new InputSpec(format, dir.resolve(format))), 1 << 20);
            List<String> expected = new ArrayList<>(lines.get(format));
            if (format.equals(Formats.AWS_VPC_FLOW)) assertThat(counts.get(format)).isEqualTo(expected.size() - 1L);
            else assertThat(counts.get(format)).isEqualTo(expected.size());
            List<String> texts = read.stream().map(r -> new String(r.bytes, StandardCharsets.UTF_8)).toList();
            if (Formats.WHOLE_FILE.contains(format)) {
                assertThat(texts).containsExactlyInAnyOrderElementsOf(expected);
            } else {
                assertThat(texts).as(format).hasSameSizeAs(expected);
                assertThat(new TreeSet<>(texts)).isEqualTo(new TreeSet<>(expected));
            }
        }
        ScenarioVm first = scenario.vms().get(0);
        assertThat(Files.getLastModifiedTime(dir.resolve(Formats.LIBVIRT_DOMXML).resolve(first.name() + ".xml")).toMillis())
                .isEqualTo(first.definedAtMillis());
        assertThat(Files.readString(dir.resolve("truth.json"))).contains(scenario.truth().bittorrent().vm().uuid());
    }
}
