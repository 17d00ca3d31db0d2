package io.peerwatch.normalize.parsers;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.parsers.hostlog.Hex;
import io.peerwatch.normalize.parsers.hostlog.Ip;
import io.peerwatch.normalize.parsers.hostlog.Json;
import io.peerwatch.normalize.parsers.hostlog.RecordText;
import io.peerwatch.normalize.parsers.hostlog.Times;
import io.peerwatch.schema.DnsQuery;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.ProcessStart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sysmon}: Sysmon events as JSON lines, in two shapes:
 * <ul>
 *   <li>Winlogbeat/Elastic Agent: {@code winlog.event_id} (number or text), {@code winlog.provider_name},
 *       {@code winlog.computer_name}, {@code winlog.event_data.*}, {@code host.ip}, {@code @timestamp};</li>
 *   <li>evtx exported as JSON: {@code Event.System.EventID} (number, text or {"#text": …}),
 *       {@code Event.System.Provider} ({"#attributes": {"Name"}}, {"@Name"} or {"Name"}),
 *       {@code Event.System.Computer}, {@code Event.System.TimeCreated}, and {@code Event.EventData} as an
 *       object of fields or as {@code {"Data": [{"@Name"|"Name": …, "#text"|"Value": …}]}}.</li>
 * </ul>
 * Event 1 (process create) → ProcessStart; event 3 (network connection) → NetworkFlow with start = end =
 * the event time and zero bytes (Sysmon logs the connection, not its volume); event 22 (DNS query) →
 * DnsQuery from the host's address. Other events and other providers are counted skips.
 *
 * <p>Time: {@code UtcTime} of the event data (when it happened), else {@code @timestamp} / TimeCreated.
 * Host address: the first IPv4, else IPv6, of {@code host.ip} that is not loopback/link-local; the evtx shape
 * has none, so its DNS queries (which need a source address) are rejected as MissingField. Sysmon reports the
 * local endpoint as Source also for inbound connections ({@code Initiated=false}); the parser swaps so that
 * NetworkFlow's src is the originator, and sets observedDirection egress/ingress. IPv4-mapped IPv6 addresses
 * of dual-stack sockets become plain IPv4.
 */
public final class SysmonParser implements RecordParser {
    private final int maxRecordBytes;

    public SysmonParser(NormalizeConfig cfg) {
        this.maxRecordBytes = cfg.maxRecordBytes();
    }

    @Override
    public String format() {
        return Formats.SYSMON;
    }

    /** The fields of one event, whatever the export shape. */
    private record Event(int id, String provider, String computer, JsonNode fallbackTime, Map<String, String> data, String hostIp) {}

    @Override
    public ParseOutcome parse(RawRecord raw) throws ParseException {
        String line = RecordText.line(raw, maxRecordBytes, "");
        if (line.isBlank()) return ParseOutcome.skip("blank line");
        JsonNode root = Json.parseObject(line, "Sysmon event");
        Event ev;
        if (Json.field(root, "winlog") != null) ev = winlogbeat(root);
        else if (Json.field(root, "Event") != null) ev = evtx(Json.field(root, "Event"));
        else throw new ParseException(ParseException.UNSUPPORTED, "neither a Winlogbeat (winlog.*) nor an evtx (Event.*) record");
        if (ev.provider != null && !ev.provider.toLowerCase(Locale.ROOT).contains("sysmon")) {
            return ParseOutcome.skip("not a Sysmon event (provider " + RecordText.bounded(ev.provider, 60) + ")");
        }
        switch (ev.id) {
            case 1:
                return processCreate(ev);
            case 3:
                return networkConnection(ev);
            case 22:
                return dnsQuery(ev);
            default:
                return ParseOutcome.skip("Sysmon event not normalized: id " + ev.id);
        }
    }

    private static Event winlogbeat(JsonNode root) throws ParseException {
        JsonNode winlog = Json.field(root, "winlog");
        if (!winlog.isObject()) throw new ParseException(ParseException.MALFORMED, "winlog is not an object");
        int id = eventId(Json.field(winlog, "event_id"));
        String provider = Json.text(Json.field(winlog, "provider_name"), "winlog.provider_name");
        JsonNode host = Json.field(root, "host");
        String computer = Json.text(Json.field(winlog, "computer_name"), "winlog.computer_name");
        if (computer == null && host != null) computer = Json.text(Json.field(host, "name"), "host.name");
        Map<String, String> data = dataObject(Json.field(winlog, "event_data"));
        String ip = host == null ? null : hostIp(Json.field(host, "ip"));
        return new Event(id, provider, name(computer, "computer name"), Json.field(root, "@timestamp"), data, ip);
    }

    private static Event evtx(JsonNode event) throws ParseException {
        JsonNode system = Json.field(event, "System");
        if (system == null || !system.isObject()) throw new ParseException(ParseException.MISSING_FIELD, "Event.System is missing");
        int id = eventId(Json.field(system, "EventID"));
        String provider = attribute(Json.field(system, "Provider"), "Name");
        String computer = Json.text(Json.field(system, "Computer"), "Event.System.Computer");
        JsonNode timeCreated = Json.field(system, "TimeCreated");
        JsonNode time = null;
        if (timeCreated != null) {
            String t = attribute(timeCreated, "SystemTime");
            if (t != null) time = com.fasterxml.jackson.databind.node.TextNode.valueOf(t);
        }
        JsonNode eventData = Json.field(event, "EventData");
        Map<String, String> data = eventData != null && Json.field(eventData, "Data") != null && Json.field(eventData, "Data").isArray()
                ? dataArray(Json.field(eventData, "Data")) : dataObject(eventData);
        return new Event(id, provider, name(computer, "computer name"), time, data, null);
    }

    /** An XML attribute in its JSON renderings: {"#attributes": {"N": v}}, {"@N": v}, {"N": v}. */
    private static String attribute(JsonNode el, String name) throws ParseException {
        if (el == null) return null;
        if (el.isTextual()) return el.textValue();
        JsonNode attrs = Json.field(el, "#attributes");
        if (attrs != null) return Json.text(Json.field(attrs, name), name);
        JsonNode at = Json.field(el, "@" + name);
        return Json.text(at != null ? at : Json.field(el, name), name);
    }

    private static int eventId(JsonNode v) throws ParseException {
        if (v != null && v.isObject()) {
            JsonNode t = Json.field(v, "#text");
            v = t != null ? t : Json.field(v, "Value");
        }
        Long id = Json.nonNegativeLong(v, "event id", 65535);
        if (id == null) throw new ParseException(ParseException.MISSING_FIELD, "event id is missing");
        return id.intValue();
    }

    private static Map<String, String> dataObject(JsonNode data) throws ParseException {
        Map<String, String> out = new HashMap<>();
        if (data == null) return out;
        if (!data.isObject()) throw new ParseException(ParseException.MALFORMED, "event data is not an object");
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isContainerNode()) continue; // Sysmon fields are scalars; exporters' extras are not ours
            String v = Json.text(e.getValue(), e.getKey());
            if (v != null) out.put(e.getKey(), v);
        }
        return out;
    }

    private static Map<String, String> dataArray(JsonNode list) throws ParseException {
        Map<String, String> out = new HashMap<>();
        for (JsonNode d : list) {
            String key = attribute(d, "Name");
            if (key == null) continue;
            JsonNode v = Json.field(d, "#text");
            if (v == null) v = Json.field(d, "Value");
            String s = Json.text(v, key);
            if (s != null) out.put(key, s);
        }
        return out;
    }

    private static String hostIp(JsonNode ips) throws ParseException {
        if (ips == null) return null;
        List<String> all = new ArrayList<>();
        if (ips.isArray()) {
            if (ips.size() > 256) throw new ParseException(ParseException.OVERSIZED, "host.ip has more than 256 addresses");
            for (JsonNode ip : ips) all.add(hostAddress(Json.requiredText(ip, "host.ip")));
        } else {
            all.add(hostAddress(Json.requiredText(ips, "host.ip")));
        }
        String v6 = null;
        for (String ip : all) {
            if (Ip.isLocalOnly(ip)) continue;
            if (!Ip.isIpv6(ip)) return ip;
            if (v6 == null) v6 = ip;
        }
        return v6;
    }

    /** A host.ip entry; a link-local address may carry its zone ("fe80::1%12"), which is dropped. */
    private static String hostAddress(String text) throws ParseException {
        int zone = text.indexOf('%');
        String canonical = Ip.unmapped(Ip.canonical(zone > 0 && text.indexOf(':') >= 0 ? text.substring(0, zone) : text, "host.ip"));
        if (zone > 0 && !Ip.isLocalOnly(canonical)) {
            throw new ParseException(ParseException.INVALID_ADDRESS, "zone index on a global address in host.ip");
        }
        return canonical;
    }

    private static long time(Event ev) throws ParseException {
        String utc = ev.data.get("UtcTime");
        if (utc != null) return Times.iso(utc, "UtcTime", true);
        if (ev.fallbackTime != null) return Json.time(ev.fallbackTime, "event time");
        throw new ParseException(ParseException.MISSING_FIELD, "Sysmon event has no UtcTime and no record time");
    }

    private static ParseOutcome processCreate(Event ev) throws ParseException {
        Map<String, String> d = ev.data;
        String image = name(d.get("Image"), "Image");
        if (image == null) throw new ParseException(ParseException.MISSING_FIELD, "Sysmon event 1 without Image");
        ProcessStart p = ProcessStart.newBuilder()
                .setHostname(ev.computer).setIp(ev.hostIp).setImage(image)
                .setCommandLine(d.get("CommandLine") == null ? null : RecordText.singleLine(d.get("CommandLine"), 32_768))
                .setPid(number(d.get("ProcessId"), "ProcessId", 0xFFFF_FFFFL))
                .setPpid(number(d.get("ParentProcessId"), "ParentProcessId", 0xFFFF_FFFFL))
                .setParentImage(name(d.get("ParentImage"), "ParentImage"))
                .setUser(name(d.get("User"), "User"))
                .setSha256(sha256(d.get("Hashes")))
                .build();
        return ParseOutcome.of(new Parsed(time(ev), null, ev.computer, p));
    }

    private static ParseOutcome networkConnection(Event ev) throws ParseException {
        Map<String, String> d = ev.data;
        String proto = required(d, "Protocol").toLowerCase(Locale.ROOT);
        if (proto.length() > 16) throw new ParseException(ParseException.MALFORMED, "invalid Protocol");
        String localIp = Ip.unmapped(Ip.canonical(required(d, "SourceIp"), "SourceIp"));
        int localPort = port(d.get("SourcePort"), "SourcePort");
        String remoteIp = Ip.unmapped(Ip.canonical(required(d, "DestinationIp"), "DestinationIp"));
        int remotePort = port(d.get("DestinationPort"), "DestinationPort");
        String initiated = d.get("Initiated");
        boolean outbound = initiated == null || initiated.equalsIgnoreCase("true");
        if (!outbound && !initiated.equalsIgnoreCase("false")) {
            throw new ParseException(ParseException.MALFORMED, "Initiated must be true or false");
        }
        long t = time(ev);
        NetworkFlow.Builder f = NetworkFlow.newBuilder().setProto(proto).setStartTime(t).setEndTime(t)
                .setObservedDirection(outbound ? "egress" : "ingress");
        if (outbound) f.setSrcIp(localIp).setSrcPort(localPort).setDstIp(remoteIp).setDstPort(remotePort);
        else f.setSrcIp(remoteIp).setSrcPort(remotePort).setDstIp(localIp).setDstPort(localPort);
        return ParseOutcome.of(new Parsed(t, null, ev.computer, f.build()));
    }

    private static ParseOutcome dnsQuery(Event ev) throws ParseException {
        Map<String, String> d = ev.data;
        String query = name(d.get("QueryName"), "QueryName");
        if (query == null) throw new ParseException(ParseException.MISSING_FIELD, "Sysmon event 22 without QueryName");
        if (ev.hostIp == null) {
            throw new ParseException(ParseException.MISSING_FIELD,
                    "Sysmon DNS query without a host address (host.ip); evtx exports carry none");
        }
        List<String> answers = new ArrayList<>();
        String results = d.get("QueryResults");
        if (results != null && !results.equals("-")) {
            for (String part : results.split(";")) {
                String a = part.strip();
                if (a.isEmpty()) continue;
                if (a.startsWith("type:")) {
                    String[] f = a.substring(5).strip().split("\\s+", 2);
                    if (f.length == 2) answers.add(name(f[1], "QueryResults name"));
                    continue;
                }
                String ip = a.indexOf(':') >= 0 || Character.isDigit(a.charAt(0)) ? canonicalOrNull(a) : null;
                answers.add(ip != null ? ip : name(a, "QueryResults entry"));
                if (answers.size() > 256) throw new ParseException(ParseException.OVERSIZED, "more than 256 QueryResults entries");
            }
        }
        DnsQuery q = DnsQuery.newBuilder().setSrcIp(ev.hostIp).setQuery(query)
                .setRcode(rcode(d.get("QueryStatus"))).setAnswers(answers).build();
        return ParseOutcome.of(new Parsed(time(ev), null, ev.computer, q));
    }

    private static String canonicalOrNull(String a) {
        try {
            return Ip.unmapped(Ip.canonical(a, "QueryResults"));
        } catch (ParseException e) {
            return null; // not an address: kept as a name
        }
    }

    /** Windows DNS status codes of the common answers; others as "status N". */
    private static String rcode(String status) throws ParseException {
        if (status == null) return null;
        Long n = Json.nonNegativeLong(com.fasterxml.jackson.databind.node.TextNode.valueOf(status.strip()), "QueryStatus", 0xFFFF_FFFFL);
        if (n == null) return null;
        return switch (n.intValue()) {
            case 0, 9501 -> "NOERROR";
            case 9002 -> "SERVFAIL";
            case 9003 -> "NXDOMAIN";
            case 9004 -> "NOTIMP";
            case 9005 -> "REFUSED";
            default -> "status " + n;
        };
    }

    /** SHA256=… out of "SHA1=…,MD5=…,SHA256=…,IMPHASH=…". */
    private static String sha256(String hashes) throws ParseException {
        if (hashes == null) return null;
        for (String part : hashes.split(",")) {
            String p = part.strip();
            if (p.regionMatches(true, 0, "SHA256=", 0, 7)) {
                String h = p.substring(7);
                if (h.length() != 64 || !Hex.isHex(h)) throw new ParseException(ParseException.MALFORMED, "invalid SHA256 in Hashes");
                return h.toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String required(Map<String, String> d, String field) throws ParseException {
        String v = d.get(field);
        if (v == null || v.isBlank()) throw new ParseException(ParseException.MISSING_FIELD, "Sysmon event without " + field);
        return v.strip();
    }

    private static int port(String v, String what) throws ParseException {
        Long p = number(v, what, 65535);
        if (p == null) throw new ParseException(ParseException.MISSING_FIELD, what + " is missing");
        return p.intValue();
    }

    private static Long number(String v, String what, long max) throws ParseException {
        if (v == null || v.isBlank() || v.equals("-")) return null;
        return Json.nonNegativeLong(com.fasterxml.jackson.databind.node.TextNode.valueOf(v.strip()), what, max);
    }

    private static String name(String v, String what) throws ParseException {
        if ("-".equals(v)) return null;
        return RecordText.name(v, what, 4096);
    }
}
