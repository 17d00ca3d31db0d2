package io.peerwatch.normalize.parsers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.parsers.hostlog.Ip;
import io.peerwatch.schema.NetworkFlow;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * goflow2 JSON (NetFlow v5/v9, IPFIX, sFlow collected from virtual switches) → NetworkFlow of one direction.
 * Accepts goflow2 v2 field names ({@code time_received_ns}, {@code time_flow_start_ns}, {@code src_addr},
 * {@code proto} as "TCP" or 6, ...), older v1 names ({@code TimeReceived}, {@code TimeFlowStart} in seconds,
 * {@code SrcAddr}, {@code Proto}), date-time rendered times, 64-bit numbers written as strings and addresses as
 * base64 bytes (protobuf JSON). Byte and packet counts are multiplied by the sampling rate (sFlow and sampled
 * NetFlow report 1 in N packets), so volumes compare with unsampled sources. Event time = flow end; sFlow
 * samples have no flow times and use the receive time. Non-IP samples (ARP) are counted skips.
 */
public final class Goflow2Parser implements RecordParser {
    private static final int TYPE = 0, RECEIVED = 1, START = 2, END = 3, SRC = 4, DST = 5, SRC_PORT = 6, DST_PORT = 7,
            PROTO = 8, BYTES = 9, PACKETS = 10, SAMPLING = 11, SAMPLER = 12, IN_IF = 13, DIRECTION = 14, ETYPE = 15,
            SLOTS = 16;
    /** Unit of a time field: 's' seconds, 'm' millis, 'n' nanos; '-' not a time. */
    private static final Map<String, Integer> SLOT = new HashMap<>();
    private static final Map<String, Character> UNIT = new HashMap<>();

    static {
        name(TYPE, '-', "type", "Type");
        name(RECEIVED, 'n', "time_received_ns", "TimeReceivedNs");
        name(RECEIVED, 's', "time_received", "TimeReceived");
        name(START, 'n', "time_flow_start_ns", "TimeFlowStartNs");
        name(START, 'm', "time_flow_start_ms", "TimeFlowStartMs");
        name(START, 's', "time_flow_start", "TimeFlowStart");
        name(END, 'n', "time_flow_end_ns", "TimeFlowEndNs");
        name(END, 'm', "time_flow_end_ms", "TimeFlowEndMs");
        name(END, 's', "time_flow_end", "TimeFlowEnd");
        name(SRC, '-', "src_addr", "SrcAddr");
        name(DST, '-', "dst_addr", "DstAddr");
        name(SRC_PORT, '-', "src_port", "SrcPort");
        name(DST_PORT, '-', "dst_port", "DstPort");
        name(PROTO, '-', "proto", "Proto");
        name(BYTES, '-', "bytes", "Bytes");
        name(PACKETS, '-', "packets", "Packets");
        name(SAMPLING, '-', "sampling_rate", "SamplingRate");
        name(SAMPLER, '-', "sampler_address", "SamplerAddress");
        name(IN_IF, '-', "in_if", "InIf");
        name(DIRECTION, '-', "flow_direction", "FlowDirection");
        name(ETYPE, '-', "etype", "Etype");
    }

    private static void name(int slot, char unit, String... names) {
        for (String n : names) {
            SLOT.put(n, slot);
            UNIT.put(n, unit);
        }
    }

    public Goflow2Parser(NormalizeConfig cfg) {}

    @Override
    public String format() { return Formats.GOFLOW2; }

    @Override
    public ParseOutcome parse(RawRecord raw) throws ParseException {
        String[] v = new String[SLOTS];
        char[] units = new char[SLOTS];
        try (JsonParser p = Json.openObject(raw)) {
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                Integer slot = SLOT.get(name);
                if (slot == null) {
                    p.skipChildren();
                    continue;
                }
                String text = Json.scalarText(p);
                if (text == null) continue;
                v[slot] = text;
                units[slot] = UNIT.get(name);
            }
            if (t != JsonToken.END_OBJECT) throw new ParseException(ParseException.MALFORMED, "truncated JSON object");
            Json.requireEnd(p);
        } catch (IOException e) {
            throw Json.malformed(e);
        }
        return build(v, units);
    }

    private static ParseOutcome build(String[] v, char[] units) throws ParseException {
        String etype = v[ETYPE];
        if (etype != null && !etype.equalsIgnoreCase("IPv4") && !etype.equalsIgnoreCase("IPv6")
                && !etype.equals("2048") && !etype.equals("34525")) {
            return ParseOutcome.skip("non-IP sample");
        }
        if (v[SRC] == null || v[SRC].isEmpty()) throw new ParseException(ParseException.MISSING_FIELD, "src_addr is missing");
        if (v[DST] == null || v[DST].isEmpty()) throw new ParseException(ParseException.MISSING_FIELD, "dst_addr is missing");
        long received = time(v[RECEIVED], units[RECEIVED], "time_received");
        long start = time(v[START], units[START], "time_flow_start");
        long end = time(v[END], units[END], "time_flow_end");
        if (end <= 0) end = received;
        if (end <= 0) throw new ParseException(ParseException.MISSING_FIELD, "no flow end or receive time");
        if (start <= 0) start = end;
        if (end < start) throw new ParseException(ParseException.INVALID_TIMESTAMP, "flow end is before flow start");
        long rate = v[SAMPLING] == null ? 1 : Num.unsigned(v[SAMPLING], "sampling_rate");
        long bytes = Num.scaled(Num.countOrZero(v[BYTES], "bytes"), rate, "bytes");
        long packets = Num.scaled(Num.countOrZero(v[PACKETS], "packets"), rate, "packets");
        String proto = v[PROTO] == null ? "unknown" : Protocols.normalize(v[PROTO]);
        String inIf = v[IN_IF] == null ? null : Long.toString(Num.unsigned(v[IN_IF], "in_if"));
        NetworkFlow f = new NetworkFlow(proto, address(v[SRC], "src_addr"), Num.portOrZero(v[SRC_PORT], "src_port"),
                address(v[DST], "dst_addr"), Num.portOrZero(v[DST_PORT], "dst_port"), start, end, bytes, 0L, packets, 0L,
                null, null, null, inIf, null, direction(v[DIRECTION]), null);
        String sampler = v[SAMPLER] == null || v[SAMPLER].isEmpty() ? null : samplerName(v[SAMPLER]);
        return ParseOutcome.of(new Parsed(end, null, sampler, f));
    }

    /** Millis, or 0 for absent/zero (goflow2 writes 0 where a protocol has no such time). */
    private static long time(String text, char unit, String field) throws ParseException {
        if (text == null || text.isEmpty() || text.equals("0")) return 0;
        if (text.length() >= 19 && text.charAt(4) == '-') return FlowTime.parse(text, field);
        return switch (unit) {
            case 'n' -> FlowTime.nanos(text, field);
            case 'm' -> io.peerwatch.normalize.parsers.hostlog.Times.checkRange(Num.unsignedTime(text, field), field);
            default -> FlowTime.seconds(text, field);
        };
    }

    private static String direction(String text) {
        if (text == null) return null;
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "0", "ingress" -> "ingress";
            case "1", "egress" -> "egress";
            default -> null;
        };
    }

    /** An IP literal, or the base64 of its 4 or 16 bytes as protobuf JSON writes bytes fields. */
    static String address(String text, String field) throws ParseException {
        try {
            return Ip.canonical(text, field);
        } catch (ParseException notLiteral) {
            if (text.length() != 8 && text.length() != 24) throw notLiteral;
            byte[] b;
            try {
                b = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw notLiteral;
            }
            if (b.length == 4) return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
            if (b.length != 16) throw notLiteral;
            StringBuilder sb = new StringBuilder(39);
            for (int i = 0; i < 16; i += 2) {
                if (i > 0) sb.append(':');
                sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)));
            }
            return Ip.canonical(sb.toString(), field);
        }
    }

    private static String samplerName(String text) {
        try {
            return address(text, "sampler_address");
        } catch (ParseException e) {
            return Text.bounded(text, 256); // a name rather than an address: still says which exporter it was
        }
    }
}
