package io.peerwatch.normalize.parsers;

import io.peerwatch.common.Formats;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.schema.TlsSession;
import java.util.List;
import java.util.Set;

/**
 * Zeek {@code ssl.log} (JSON or TSV) → TlsSession: SNI ({@code server_name}), {@code established}, and the JA3
 * hash when the ja3 package adds its {@code ja3} column.
 */
public final class ZeekSslParser extends ZeekLogParser {
    private static final int SERVER_NAME = 6;
    private static final int ESTABLISHED = 7;
    private static final int JA3 = 8;

    public ZeekSslParser(NormalizeConfig cfg) {
        super(cfg, Formats.ZEEK_SSL, "ssl", List.of("server_name", "established", "ja3"), Set.of());
    }

    @Override
    ParseOutcome build(ZeekRecord r) throws ParseException {
        long ts = ts(r);
        TlsSession tls = new TlsSession(origIp(r), origPort(r), respIp(r), respPort(r), text(r, SERVER_NAME, 1024),
                text(r, JA3, 64), bool(r, ESTABLISHED, "established"));
        return ParseOutcome.of(new Parsed(ts, null, r.sensor, tls));
    }
}
