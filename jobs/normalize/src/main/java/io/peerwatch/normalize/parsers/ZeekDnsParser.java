package io.peerwatch.normalize.parsers;

import io.peerwatch.common.Formats;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.schema.DnsQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Zeek {@code dns.log} (JSON or TSV) → DnsQuery; src is the originator (the client asking). qtype and rcode use
 * Zeek's names ({@code AAAA}, {@code NOERROR}) and fall back to the numbers. A transaction without a query name
 * (a lone response Zeek could not pair, a malformed packet) is a counted skip: there is nothing to attribute.
 */
public final class ZeekDnsParser extends ZeekLogParser {
    private static final int QUERY = 6;
    private static final int QTYPE = 7;
    private static final int QTYPE_NAME = 8;
    private static final int RCODE = 9;
    private static final int RCODE_NAME = 10;
    private static final int ANSWERS = 11;

    public ZeekDnsParser(NormalizeConfig cfg) {
        super(cfg, Formats.ZEEK_DNS, "dns", List.of("query", "qtype", "qtype_name", "rcode", "rcode_name", "answers"),
                Set.of("answers"));
    }

    @Override
    ParseOutcome build(ZeekRecord r) throws ParseException {
        long ts = ts(r);
        String src = origIp(r);
        int srcPort = origPort(r);
        String dst = respIp(r);
        int dstPort = respPort(r);
        String query = text(r, QUERY, 1024);
        if (query == null) return ParseOutcome.skip("dns transaction without query name");
        String qtype = r.get(QTYPE_NAME) != null ? text(r, QTYPE_NAME, 32) : numberText(r.get(QTYPE), "qtype");
        String rcode = r.get(RCODE_NAME) != null ? text(r, RCODE_NAME, 32) : numberText(r.get(RCODE), "rcode");
        List<String> answers = new ArrayList<>(r.list(ANSWERS).size());
        for (String a : r.list(ANSWERS)) answers.add(Text.bounded(a, 1024));
        return ParseOutcome.of(new Parsed(ts, null, r.sensor, new DnsQuery(src, srcPort, dst, dstPort, query, qtype, rcode, answers)));
    }

    private static String numberText(String v, String field) throws ParseException {
        return v == null || v.isEmpty() ? null : Long.toString(Num.unsigned(v, field));
    }
}
