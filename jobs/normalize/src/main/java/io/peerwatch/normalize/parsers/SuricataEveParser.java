package io.peerwatch.normalize.parsers;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.parsers.hostlog.Ip;
import io.peerwatch.normalize.parsers.hostlog.Times;
import io.peerwatch.schema.DnsQuery;
import io.peerwatch.schema.HttpRequest;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.ProtocolHint;
import io.peerwatch.schema.TlsSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Suricata EVE JSON, one event per line, by {@code event_type}:
 * <ul>
 *   <li>{@code flow} → NetworkFlow (bidirectional: src is the flow's initiator, bytes/packets to server and to
 *       client), event time = {@code flow.end};</li>
 *   <li>{@code netflow} → NetworkFlow of one direction (dst bytes 0);</li>
 *   <li>{@code dns} → DnsQuery; EVE v1/v2 (top-level {@code rrname}, {@code answers[].rdata} or
 *       {@code grouped}) and v3 ({@code queries[]}). Responses are logged in packet direction (src = the
 *       server, port 53): they are turned so that src is the client that asked;</li>
 *   <li>{@code http} → HttpRequest; {@code tls} → TlsSession (SNI, JA3 hash);</li>
 *   <li>{@code alert} → ProtocolHint kind "alert" (protocol "bittorrent" when the signature names BitTorrent or
 *       the app protocol is BitTorrent, else the app protocol);</li>
 *   <li>{@code bittorrent_dht} → ProtocolHint protocol "bittorrent-dht", kind dht-query / dht-response /
 *       dht-error;</li>
 *   <li>any other event type (stats, fileinfo, anomaly, ...) is a counted skip.</li>
 * </ul>
 */
public final class SuricataEveParser implements RecordParser {
    /** Event types Suricata writes that we do not normalize; anything else is skipped as "other event_type". */
    private static final Set<String> KNOWN_OTHER_TYPES = Set.of("stats", "fileinfo", "anomaly", "ssh", "smb", "smtp",
            "ftp", "ftp_data", "tftp", "nfs", "dhcp", "krb5", "snmp", "sip", "rdp", "rfb", "mqtt", "http2", "quic",
            "ike", "dcerpc", "dnp3", "modbus", "pgsql", "frame", "drop", "pkthdr", "ldap", "websocket", "arp",
            "doh2", "enip", "mdns", "pop3", "files", "engine", "rtsp", "bittorrent");
    private static final Set<String> DNS_PORTS = Set.of("53", "5353", "853");

    public SuricataEveParser(NormalizeConfig cfg) {}

    @Override
    public String format() { return Formats.SURICATA_EVE; }

    @Override
    public ParseOutcome parse(RawRecord raw) throws ParseException {
        EveRecord j = EveRecord.read(raw);
        String type = j.get(EveRecord.EVENT_TYPE);
        if (type == null || type.isEmpty()) throw new ParseException(ParseException.MISSING_FIELD, "event_type is missing");
        return switch (type) {
            case "flow" -> flow(j, false);
            case "netflow" -> flow(j, true);
            case "dns" -> dns(j);
            case "http" -> http(j);
            case "tls" -> tls(j);
            case "alert" -> alert(j);
            case "bittorrent_dht" -> dht(j);
            default -> ParseOutcome.skip(KNOWN_OTHER_TYPES.contains(type) ? "event_type " + type + " not normalized"
                    : "other event_type not normalized");
        };
    }

    private static ParseOutcome flow(EveRecord j, boolean netflow) throws ParseException {
        String section = netflow ? "netflow." : "flow.";
        long ts = time(j);
        String startText = j.get(netflow ? EveRecord.NETFLOW_START : EveRecord.FLOW_START);
        String endText = j.get(netflow ? EveRecord.NETFLOW_END : EveRecord.FLOW_END);
        long start = startText == null ? ts : Times.iso(startText, section + "start", true);
        long end = endText == null ? Math.max(ts, start) : Times.iso(endText, section + "end", true);
        if (end < start) throw new ParseException(ParseException.INVALID_TIMESTAMP, section + "end is before " + section + "start");
        long srcBytes;
        long dstBytes;
        long srcPkts;
        long dstPkts;
        if (netflow) {
            srcBytes = Num.countOrZero(j.get(EveRecord.NETFLOW_BYTES), "netflow.bytes");
            srcPkts = Num.countOrZero(j.get(EveRecord.NETFLOW_PKTS), "netflow.pkts");
            dstBytes = 0;
            dstPkts = 0;
        } else {
            srcBytes = Num.countOrZero(j.get(EveRecord.FLOW_BYTES_TOSERVER), "flow.bytes_toserver");
            dstBytes = Num.countOrZero(j.get(EveRecord.FLOW_BYTES_TOCLIENT), "flow.bytes_toclient");
            srcPkts = Num.countOrZero(j.get(EveRecord.FLOW_PKTS_TOSERVER), "flow.pkts_toserver");
            dstPkts = Num.countOrZero(j.get(EveRecord.FLOW_PKTS_TOCLIENT), "flow.pkts_toclient");
        }
        NetworkFlow f = new NetworkFlow(proto(j), srcIp(j), srcPort(j), dstIp(j), dstPort(j), start, end,
                srcBytes, dstBytes, srcPkts, dstPkts, Text.bounded(Text.emptyToNull(netflow ? null : j.get(EveRecord.FLOW_STATE)), 32),
                Text.bounded(appProto(j), 64), null, null, null, null, Text.bounded(Text.emptyToNull(j.get(EveRecord.FLOW_ID)), 32));
        return ParseOutcome.of(new Parsed(end, null, sensor(j), f));
    }

    private static ParseOutcome dns(EveRecord j) throws ParseException {
        long ts = time(j);
        String type = j.get(EveRecord.DNS_TYPE) == null ? "" : j.get(EveRecord.DNS_TYPE);
        String query = j.get(EveRecord.DNS_RRNAME);
        String qtype = j.get(EveRecord.DNS_RRTYPE);
        if (query == null && j.get(EveRecord.DNS_QUERY_RRNAME) != null) { // EVE v3
            query = j.get(EveRecord.DNS_QUERY_RRNAME);
            qtype = j.get(EveRecord.DNS_QUERY_RRTYPE);
        }
        if (query == null || query.isEmpty()) return ParseOutcome.skip("dns event without query name");
        String src = srcIp(j);
        int srcPort = srcPort(j);
        String dst = dstIp(j);
        int dstPort = dstPort(j);
        boolean response = type.equals("answer") || type.equals("response");
        String sp = j.get(EveRecord.SRC_PORT);
        String dp = j.get(EveRecord.DEST_PORT);
        if (response && sp != null && DNS_PORTS.contains(sp) && (dp == null || !DNS_PORTS.contains(dp))) {
            String t = src; src = dst; dst = t;
            int tp = srcPort; srcPort = dstPort; dstPort = tp;
        }
        if (qtype == null && type.equals("answer")) qtype = j.get(EveRecord.DNS_ANSWER_RRTYPE);
        List<String> answers = new ArrayList<>(j.answers.size() + 1);
        for (String a : j.answers) answers.add(Text.bounded(a, 1024));
        if (answers.isEmpty() && j.get(EveRecord.DNS_RDATA) != null) answers.add(Text.bounded(j.get(EveRecord.DNS_RDATA), 1024)); // EVE v1
        DnsQuery q = new DnsQuery(src, srcPort, dst, dstPort, Text.bounded(query, 1024), Text.bounded(Text.emptyToNull(qtype), 32),
                Text.bounded(Text.emptyToNull(j.get(EveRecord.DNS_RCODE)), 32), answers);
        return ParseOutcome.of(new Parsed(ts, null, sensor(j), q));
    }

    private static ParseOutcome http(EveRecord j) throws ParseException {
        long ts = time(j);
        Integer status = null;
        String s = j.get(EveRecord.HTTP_STATUS);
        if (s != null && !s.isEmpty()) {
            long v = Num.unsigned(s, "http.status");
            if (v > 999) throw new ParseException(ParseException.INVALID_NUMBER, "http.status " + v + " is not an HTTP status");
            status = (int) v;
        }
        HttpRequest r = new HttpRequest(srcIp(j), srcPort(j), dstIp(j), dstPort(j),
                Text.bounded(Text.emptyToNull(j.get(EveRecord.HTTP_METHOD)), 32),
                Text.bounded(Text.emptyToNull(j.get(EveRecord.HTTP_HOSTNAME)), 1024),
                Text.bounded(Text.emptyToNull(j.get(EveRecord.HTTP_URL)), 4096),
                Text.bounded(Text.emptyToNull(j.get(EveRecord.HTTP_USER_AGENT)), 4096), status);
        return ParseOutcome.of(new Parsed(ts, null, sensor(j), r));
    }

    private static ParseOutcome tls(EveRecord j) throws ParseException {
        long ts = time(j);
        TlsSession t = new TlsSession(srcIp(j), srcPort(j), dstIp(j), dstPort(j),
                Text.bounded(Text.emptyToNull(j.get(EveRecord.TLS_SNI)), 1024),
                Text.bounded(Text.emptyToNull(j.get(EveRecord.TLS_JA3_HASH)), 64), null);
        return ParseOutcome.of(new Parsed(ts, null, sensor(j), t));
    }

    private static ParseOutcome alert(EveRecord j) throws ParseException {
        long ts = time(j);
        String signature = Text.bounded(Text.emptyToNull(j.get(EveRecord.ALERT_SIGNATURE)), 512);
        String sid = j.get(EveRecord.ALERT_SIGNATURE_ID);
        Long signatureId = sid == null || sid.isEmpty() ? null : Num.unsigned(sid, "alert.signature_id");
        String appProto = appProto(j);
        String lowerSig = signature == null ? "" : signature.toLowerCase(Locale.ROOT);
        String protocol;
        if (lowerSig.contains("bittorrent") || (appProto != null && appProto.startsWith("bittorrent"))) {
            protocol = lowerSig.contains("dht") || "bittorrent-dht".equals(appProto) ? "bittorrent-dht" : "bittorrent";
        } else {
            protocol = appProto == null ? "unknown" : Text.bounded(appProto, 64);
        }
        Map<String, String> detail = new LinkedHashMap<>();
        put(detail, "category", j.get(EveRecord.ALERT_CATEGORY));
        put(detail, "action", j.get(EveRecord.ALERT_ACTION));
        put(detail, "severity", j.get(EveRecord.ALERT_SEVERITY));
        put(detail, "gid", j.get(EveRecord.ALERT_GID));
        put(detail, "rev", j.get(EveRecord.ALERT_REV));
        put(detail, "app_proto", appProto);
        ProtocolHint h = new ProtocolHint(srcIp(j), srcPort(j), dstIp(j), dstPort(j), proto(j), protocol, "alert",
                signature, signatureId, detail);
        return ParseOutcome.of(new Parsed(ts, null, sensor(j), h));
    }

    private static ParseOutcome dht(EveRecord j) throws ParseException {
        long ts = time(j);
        String kind = j.dhtError ? "dht-error" : j.dhtResponse ? "dht-response" : "dht-query";
        Map<String, String> detail = new LinkedHashMap<>();
        put(detail, "request_type", j.get(EveRecord.DHT_REQUEST_TYPE));
        put(detail, "client_version", j.get(EveRecord.DHT_CLIENT_VERSION));
        put(detail, "transaction_id", j.get(EveRecord.DHT_TRANSACTION_ID));
        put(detail, "request.info_hash", j.get(EveRecord.DHT_INFO_HASH));
        put(detail, "request.target", j.get(EveRecord.DHT_TARGET));
        put(detail, "error.msg", j.get(EveRecord.DHT_ERROR_MSG));
        ProtocolHint h = new ProtocolHint(srcIp(j), srcPort(j), dstIp(j), dstPort(j), proto(j), "bittorrent-dht", kind,
                null, null, detail);
        return ParseOutcome.of(new Parsed(ts, null, sensor(j), h));
    }

    private static void put(Map<String, String> detail, String key, String value) {
        if (value != null) detail.put(key, Text.bounded(value, 256));
    }

    private static String appProto(EveRecord j) {
        String a = Text.emptyToNull(j.get(EveRecord.APP_PROTO));
        return "failed".equals(a) ? null : a;
    }

    private static long time(EveRecord j) throws ParseException {
        String ts = j.get(EveRecord.TIMESTAMP);
        if (ts == null) throw new ParseException(ParseException.MISSING_FIELD, "timestamp is missing");
        return Times.iso(ts, "timestamp", true);
    }

    private static String srcIp(EveRecord j) throws ParseException {
        return Ip.canonical(require(j, EveRecord.SRC_IP, "src_ip"), "src_ip");
    }

    private static String dstIp(EveRecord j) throws ParseException {
        return Ip.canonical(require(j, EveRecord.DEST_IP, "dest_ip"), "dest_ip");
    }

    /** Ports are absent for ICMP and other portless protocols: 0 then. */
    private static int srcPort(EveRecord j) throws ParseException {
        return Num.portOrZero(j.get(EveRecord.SRC_PORT), "src_port");
    }

    private static int dstPort(EveRecord j) throws ParseException {
        return Num.portOrZero(j.get(EveRecord.DEST_PORT), "dest_port");
    }

    private static String proto(EveRecord j) throws ParseException {
        String p = Protocols.normalize(j.get(EveRecord.PROTO));
        if (p == null) throw new ParseException(ParseException.MISSING_FIELD, "proto is missing");
        return p;
    }

    private static String sensor(EveRecord j) {
        return Text.bounded(Text.emptyToNull(j.get(EveRecord.HOST)), 256);
    }

    private static String require(EveRecord j, int slot, String name) throws ParseException {
        String v = j.get(slot);
        if (v == null || v.isEmpty()) throw new ParseException(ParseException.MISSING_FIELD, name + " is missing");
        return v;
    }
}
