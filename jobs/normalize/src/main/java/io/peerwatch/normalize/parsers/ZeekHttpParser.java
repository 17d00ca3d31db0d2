package io.peerwatch.normalize.parsers;

import io.peerwatch.common.Formats;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.schema.HttpRequest;
import java.util.List;
import java.util.Set;

/** Zeek {@code http.log} (JSON or TSV) → HttpRequest; long URIs and user agents are cut to 4096 characters. */
public final class ZeekHttpParser extends ZeekLogParser {
    private static final int METHOD = 6;
    private static final int HOST = 7;
    private static final int URI = 8;
    private static final int USER_AGENT = 9;
    private static final int STATUS_CODE = 10;

    public ZeekHttpParser(NormalizeConfig cfg) {
        super(cfg, Formats.ZEEK_HTTP, "http", List.of("method", "host", "uri", "user_agent", "status_code"), Set.of());
    }

    @Override
    ParseOutcome build(ZeekRecord r) throws ParseException {
        long ts = ts(r);
        Integer status = null;
        String s = r.get(STATUS_CODE);
        if (s != null && !s.isEmpty()) {
            long v = Num.unsigned(s, "status_code");
            if (v > 999) throw new ParseException(ParseException.INVALID_NUMBER, "status_code " + v + " is not an HTTP status");
            status = (int) v;
        }
        HttpRequest req = new HttpRequest(origIp(r), origPort(r), respIp(r), respPort(r), text(r, METHOD, 32),
                text(r, HOST, 1024), text(r, URI, 4096), text(r, USER_AGENT, 4096), status);
        return ParseOutcome.of(new Parsed(ts, null, r.sensor, req));
    }
}
