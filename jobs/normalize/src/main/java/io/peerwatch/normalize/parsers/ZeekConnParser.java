package io.peerwatch.normalize.parsers;

import io.peerwatch.common.Formats;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parsers.hostlog.Times;
import io.peerwatch.schema.NetworkFlow;
import java.util.List;
import java.util.Set;

/**
 * Zeek {@code conn.log} (JSON or TSV) → NetworkFlow. src is Zeek's originator. {@code ts} is the connection
 * start; the end (= event time) is {@code ts + duration} (just {@code ts} when duration is unset). Byte counts
 * are IP-level ({@code orig_ip_bytes}/{@code resp_ip_bytes}) like those of every other flow source, falling back
 * to payload bytes when the IP-level ones are unset; this also avoids Zeek's sequence-number based
 * {@code orig_bytes}, which can be absurd on connections with gaps.
 */
public final class ZeekConnParser extends ZeekLogParser {
    private static final int PROTO = 6;
    private static final int SERVICE = 7;
    private static final int DURATION = 8;
    private static final int ORIG_BYTES = 9;
    private static final int RESP_BYTES = 10;
    private static final int CONN_STATE = 11;
    private static final int ORIG_PKTS = 12;
    private static final int ORIG_IP_BYTES = 13;
    private static final int RESP_PKTS = 14;
    private static final int RESP_IP_BYTES = 15;

    /** conn.log columns of Zeek 3.x to 6.x without extra scripts. */
    private static final String[] DEFAULT_TSV = {
        "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service", "duration", "orig_bytes",
        "resp_bytes", "conn_state", "local_orig", "local_resp", "missed_bytes", "history", "orig_pkts", "orig_ip_bytes",
        "resp_pkts", "resp_ip_bytes", "tunnel_parents"
    };

    public ZeekConnParser(NormalizeConfig cfg) {
        super(cfg, Formats.ZEEK_CONN, "conn", List.of("proto", "service", "duration", "orig_bytes", "resp_bytes",
                "conn_state", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes"), Set.of());
    }

    @Override
    String[] defaultTsvFields() { return DEFAULT_TSV; }

    @Override
    ParseOutcome build(ZeekRecord r) throws ParseException {
        long start = ts(r);
        String duration = r.get(DURATION);
        long end = duration == null || duration.isEmpty() ? start : Times.checkRange(start + Num.secondsToMillis(duration, "duration"), "ts + duration");
        String srcBytes = r.get(ORIG_IP_BYTES) != null ? r.get(ORIG_IP_BYTES) : r.get(ORIG_BYTES);
        String dstBytes = r.get(RESP_IP_BYTES) != null ? r.get(RESP_IP_BYTES) : r.get(RESP_BYTES);
        NetworkFlow flow = new NetworkFlow(
                Protocols.normalize(required(r, PROTO, "proto")),
                origIp(r), origPort(r), respIp(r), respPort(r),
                start, end,
                Num.countOrZero(srcBytes, "orig bytes"), Num.countOrZero(dstBytes, "resp bytes"),
                Num.countOrZero(r.get(ORIG_PKTS), "orig_pkts"), Num.countOrZero(r.get(RESP_PKTS), "resp_pkts"),
                text(r, CONN_STATE, 32), text(r, SERVICE, 128),
                null, null, null, null, text(r, UID, 64));
        // validation of the other counts happens above; payload bytes are only checked for shape
        Num.countOrZero(r.get(ORIG_BYTES), "orig_bytes");
        Num.countOrZero(r.get(RESP_BYTES), "resp_bytes");
        return ParseOutcome.of(new Parsed(end, null, r.sensor, flow));
    }
}
