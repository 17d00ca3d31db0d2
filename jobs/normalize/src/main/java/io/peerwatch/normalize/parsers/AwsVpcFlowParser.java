package io.peerwatch.normalize.parsers;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.parse.SourceStateful;
import io.peerwatch.normalize.parsers.hostlog.Ip;
import io.peerwatch.schema.NetworkFlow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AWS VPC flow logs, versions 2 to 5 (space separated, {@code -} for "no value"):
 * <ul>
 *   <li>a header line of field names (as in S3 delivery: {@code version account-id interface-id srcaddr ...};
 *       underscores are accepted too) sets the field order of the records that follow from the same source (file,
 *       or topic partition) and is a counted skip;</li>
 *   <li>without a header, a 14-field record is read in the default (version 2) order; a custom format with no
 *       header is dead-lettered ({@code MissingHeader});</li>
 *   <li>{@code NODATA} / {@code SKIPDATA} records (no traffic, or records skipped by AWS) are counted skips.</li>
 * </ul>
 * One record is one direction of traffic seen at one network interface within the aggregation window, so src is
 * the packet source ({@code srcaddr}), src bytes/packets are the record's, dst counts are 0. Event time =
 * {@code end}. Network scope = {@code vpc-id} when logged.
 */
public final class AwsVpcFlowParser implements RecordParser, SourceStateful {
    public static final String MISSING_HEADER = "MissingHeader";
    private static final List<String> DEFAULT_V2 = List.of("version", "account-id", "interface-id", "srcaddr", "dstaddr",
            "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "action", "log-status");
    /** Field names AWS documents for versions 2 to 5 (a header must name at least srcaddr and dstaddr). */
    private static final List<String> KNOWN = List.of("version", "account-id", "interface-id", "srcaddr", "dstaddr",
            "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "action", "log-status", "vpc-id",
            "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr", "region", "az-id",
            "sublocation-type", "sublocation-id", "pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction",
            "traffic-path");

    private static final int VERSION = 0, INTERFACE = 1, SRCADDR = 2, DSTADDR = 3, SRCPORT = 4, DSTPORT = 5, PROTOCOL = 6,
            PACKETS = 7, BYTES = 8, START = 9, END = 10, ACTION = 11, LOG_STATUS = 12, VPC = 13, INSTANCE = 14,
            TCP_FLAGS = 15, DIRECTION = 16, SLOTS = 17;
    private static final Map<String, Integer> SLOT_OF = Map.ofEntries(Map.entry("version", VERSION),
            Map.entry("interface-id", INTERFACE), Map.entry("srcaddr", SRCADDR), Map.entry("dstaddr", DSTADDR),
            Map.entry("srcport", SRCPORT), Map.entry("dstport", DSTPORT), Map.entry("protocol", PROTOCOL),
            Map.entry("packets", PACKETS), Map.entry("bytes", BYTES), Map.entry("start", START), Map.entry("end", END),
            Map.entry("action", ACTION), Map.entry("log-status", LOG_STATUS), Map.entry("vpc-id", VPC),
            Map.entry("instance-id", INSTANCE), Map.entry("tcp-flags", TCP_FLAGS), Map.entry("flow-direction", DIRECTION));

    private static final int[] DEFAULT_LAYOUT = layout(DEFAULT_V2);
    private final SourceStates<int[]> layouts = new SourceStates<>(4096);
    /** The header (field names joined by spaces) per source, to restore {@link #layouts} after a restart. */
    private final SourceStates<String> headerNames = new SourceStates<>(4096);

    public AwsVpcFlowParser(NormalizeConfig cfg) {}

    @Override
    public String format() { return Formats.AWS_VPC_FLOW; }

    @Override
    public ParseOutcome parse(RawRecord raw) throws ParseException {
        String line = new String(raw.bytes, java.nio.charset.StandardCharsets.UTF_8);
        int firstStart = skipBlanks(line, 0);
        if (firstStart == line.length()) throw new ParseException(ParseException.MALFORMED, "blank record");
        String first = line.substring(firstStart, tokenEnd(line, firstStart));
        if (KNOWN.contains(first.toLowerCase(Locale.ROOT).replace('_', '-'))) {
            // data values are never field names, so a line that starts with a known field name is a header
            List<String> names = new ArrayList<>(32);
            for (String c : split(line)) names.add(c.toLowerCase(Locale.ROOT).replace('_', '-'));
            if (!names.contains("srcaddr") || !names.contains("dstaddr") || !names.contains("end")) {
                throw new ParseException(ParseException.UNSUPPORTED, "VPC flow log header without srcaddr, dstaddr and end");
            }
            layouts.put(raw, layout(names));
            headerNames.put(raw, String.join(" ", names));
            return ParseOutcome.skip("header");
        }
        int[] layout = layouts.get(raw);
        if (layout == null) layout = DEFAULT_LAYOUT;
        String[] v = new String[SLOTS];
        int col = 0;
        int i = firstStart;
        int n = line.length();
        while (i < n) {
            int end = tokenEnd(line, i);
            if (col < layout.length && layout[col] >= 0) {
                // only the fields we use become strings
                v[layout[col]] = end - i == 1 && line.charAt(i) == '-' ? null : line.substring(i, end);
            }
            col++;
            i = skipBlanks(line, end);
        }
        if (col != layout.length) {
            if (layout == DEFAULT_LAYOUT && layouts.get(raw) == null) {
                throw new ParseException(MISSING_HEADER, "record of " + col
                        + " fields before any header line of its source (the default format has 14)");
            }
            throw new ParseException(ParseException.MALFORMED, "record has " + col + " fields, the header " + layout.length);
        }
        return record(v);
    }

    @Override
    public Map<String, String> snapshotSources() {
        return headerNames.snapshot();
    }

    @Override
    public void restoreSources(Map<String, String> state) {
        state.forEach((source, names) -> {
            headerNames.put(source, names);
            layouts.put(source, layout(split(names)));
        });
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
        return i;
    }

    private static int tokenEnd(String s, int i) {
        while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t') i++;
        return i;
    }

    private static ParseOutcome record(String[] v) throws ParseException {
        String status = v[LOG_STATUS];
        if ("NODATA".equals(status) || "SKIPDATA".equals(status)) return ParseOutcome.skip(status);
        if (status != null && !status.equals("OK")) {
            throw new ParseException(ParseException.MALFORMED, "unknown log-status '" + Text.bounded(status, 20) + "'");
        }
        if (v[VERSION] != null) {
            long version = Num.unsigned(v[VERSION], "version");
            if (version < 2 || version > 9) {
                throw new ParseException(ParseException.UNSUPPORTED, "VPC flow log version " + version + " (2 to 5 supported)");
            }
        }
        if (v[SRCADDR] == null) throw new ParseException(ParseException.MISSING_FIELD, "srcaddr is missing");
        if (v[DSTADDR] == null) throw new ParseException(ParseException.MISSING_FIELD, "dstaddr is missing");
        long start = v[START] == null ? -1 : FlowTime.seconds(v[START], "start");
        long end = FlowTime.seconds(v[END], "end");
        if (start < 0) start = end;
        if (end < start) throw new ParseException(ParseException.INVALID_TIMESTAMP, "end is before start");
        String proto = v[PROTOCOL] == null ? "unknown" : protocol(v[PROTOCOL]);
        String action = v[ACTION];
        if (action != null && !action.equals("ACCEPT") && !action.equals("REJECT")) {
            throw new ParseException(ParseException.MALFORMED, "unknown action '" + Text.bounded(action, 20) + "'");
        }
        NetworkFlow f = new NetworkFlow(proto, Ip.canonical(v[SRCADDR], "srcaddr"), Num.portOrZero(v[SRCPORT], "srcport"),
                Ip.canonical(v[DSTADDR], "dstaddr"), Num.portOrZero(v[DSTPORT], "dstport"), start, end,
                Num.countOrZero(v[BYTES], "bytes"), 0L, Num.countOrZero(v[PACKETS], "packets"), 0L,
                v[TCP_FLAGS] == null ? null : Long.toString(Num.unsigned(v[TCP_FLAGS], "tcp-flags")),
                null, Text.bounded(v[INSTANCE], 64), Text.bounded(v[INTERFACE], 64), action,
                Text.bounded(v[DIRECTION], 16), null);
        return ParseOutcome.of(new Parsed(end, Text.bounded(v[VPC], 64), null, f));
    }

    private static String protocol(String text) throws ParseException {
        long n = Num.unsigned(text, "protocol");
        if (n > 255) throw new ParseException(ParseException.INVALID_NUMBER, "protocol " + n + " is not an IANA protocol number");
        return Protocols.fromNumber(n);
    }

    private static int[] layout(List<String> names) {
        int[] m = new int[names.size()];
        Map<Integer, Boolean> seen = new HashMap<>();
        for (int i = 0; i < m.length; i++) {
            Integer s = SLOT_OF.get(names.get(i));
            m[i] = s == null || seen.put(s, Boolean.TRUE) != null ? -1 : s;
        }
        return m;
    }

    /** Fields separated by runs of spaces (or tabs, as some exports write). */
    private static List<String> split(String line) {
        List<String> out = new ArrayList<>(32);
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) i++;
            if (i == n) break;
            int start = i;
            while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') i++;
            out.add(line.substring(start, i));
        }
        return out;
    }
}
