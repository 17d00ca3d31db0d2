package io.peerwatch.testkit.scenario.format;

import io.peerwatch.testkit.scenario.traffic.Conn;
import io.peerwatch.testkit.scenario.traffic.DnsLookup;
import io.peerwatch.testkit.scenario.traffic.HttpTxn;
import io.peerwatch.testkit.scenario.traffic.TlsHandshake;

/**
 * Zeek's JSON log lines ({@code LogAscii::use_json=T}): compact objects, fields in Zeek's column order, unset
 * optional fields left out, times as epoch seconds with microseconds.
 */
public final class ZeekJsonLogs {
    private ZeekJsonLogs() {}

    private static StringBuilder head(long tsMicros, String uid, String origIp, int origPort, String respIp, int respPort) {
        StringBuilder sb = new StringBuilder(320);
        sb.append("{\"ts\":");
        Json.seconds(sb, tsMicros);
        sb.append(",\"uid\":");
        Json.string(sb, uid);
        sb.append(",\"id.orig_h\":");
        Json.string(sb, origIp);
        sb.append(",\"id.orig_p\":").append(origPort).append(",\"id.resp_h\":");
        Json.string(sb, respIp);
        sb.append(",\"id.resp_p\":").append(respPort);
        return sb;
    }

    /** conn.log: written when the connection ends. */
    public static String conn(Conn c) {
        StringBuilder sb = head(c.startMicros, c.uid, c.origIp, c.origPort, c.respIp, c.respPort);
        sb.append(",\"proto\":\"").append(c.proto).append('"');
        if (c.service != null) {
            sb.append(",\"service\":");
            Json.string(sb, c.service);
        }
        if (c.durationMicros >= 0) {
            sb.append(",\"duration\":");
            Json.seconds(sb, c.durationMicros);
            sb.append(",\"orig_bytes\":").append(c.origBytes).append(",\"resp_bytes\":").append(c.respBytes);
        }
        sb.append(",\"conn_state\":\"").append(c.connState).append('"');
        sb.append(",\"local_orig\":").append(c.localOrig).append(",\"local_resp\":").append(c.localResp);
        sb.append(",\"missed_bytes\":0,\"history\":");
        Json.string(sb, c.history);
        sb.append(",\"orig_pkts\":").append(c.origPkts).append(",\"orig_ip_bytes\":").append(c.origIpBytes());
        sb.append(",\"resp_pkts\":").append(c.respPkts).append(",\"resp_ip_bytes\":").append(c.respIpBytes());
        sb.append('}');
        return sb.toString();
    }

    /** dns.log. */
    public static String dns(DnsLookup d) {
        StringBuilder sb = head(d.tsMicros(), d.uid(), d.origIp(), d.origPort(), d.resolverIp(), 53);
        sb.append(",\"proto\":\"udp\",\"trans_id\":").append(d.transId());
        if (d.rttMicros() >= 0) {
            sb.append(",\"rtt\":");
            Json.seconds(sb, d.rttMicros());
        }
        sb.append(",\"query\":");
        Json.string(sb, d.query());
        sb.append(",\"qclass\":1,\"qclass_name\":\"C_INTERNET\",\"qtype\":").append(d.qtype());
        sb.append(",\"qtype_name\":\"").append(d.qtypeName()).append('"');
        sb.append(",\"rcode\":").append(d.rcode()).append(",\"rcode_name\":\"").append(d.rcodeName()).append('"');
        sb.append(",\"AA\":false,\"TC\":false,\"RD\":true,\"RA\":true,\"Z\":0");
        if (!d.answers().isEmpty()) {
            sb.append(",\"answers\":[");
            for (int i = 0; i < d.answers().size(); i++) {
                if (i > 0) sb.append(',');
                Json.string(sb, d.answers().get(i));
            }
            sb.append("],\"TTLs\":[");
            for (int i = 0; i < d.ttls().size(); i++) {
                if (i > 0) sb.append(',');
                sb.append(d.ttls().get(i)).append(".0");
            }
            sb.append(']');
        }
        sb.append(",\"rejected\":false}");
        return sb.toString();
    }

    /** http.log. */
    public static String http(HttpTxn h) {
        Conn c = h.conn();
        StringBuilder sb = head(h.tsMicros(), c.uid, c.origIp, c.origPort, c.respIp, c.respPort);
        sb.append(",\"trans_depth\":").append(h.transDepth()).append(",\"method\":");
        Json.string(sb, h.method());
        sb.append(",\"host\":");
        Json.string(sb, h.host());
        sb.append(",\"uri\":");
        Json.string(sb, h.uri());
        sb.append(",\"version\":\"1.1\"");
        if (h.userAgent() != null) {
            sb.append(",\"user_agent\":");
            Json.string(sb, h.userAgent());
        }
        sb.append(",\"request_body_len\":").append(h.requestBodyLen()).append(",\"response_body_len\":").append(h.responseBodyLen());
        sb.append(",\"status_code\":").append(h.statusCode()).append(",\"status_msg\":");
        Json.string(sb, h.statusMsg());
        sb.append(",\"tags\":[]");
        if (h.mimeType() != null && h.responseBodyLen() > 0) {
            sb.append(",\"resp_fuids\":[\"F").append(c.uid, 1, Math.min(c.uid.length(), 18)).append("\"],\"resp_mime_types\":[");
            Json.string(sb, h.mimeType());
            sb.append(']');
        }
        sb.append('}');
        return sb.toString();
    }

    /** ssl.log. */
    public static String ssl(TlsHandshake t) {
        Conn c = t.conn();
        StringBuilder sb = head(t.tsMicros(), c.uid, c.origIp, c.origPort, c.respIp, c.respPort);
        sb.append(",\"version\":");
        Json.string(sb, t.version());
        sb.append(",\"cipher\":");
        Json.string(sb, t.cipher());
        if (t.curve() != null) {
            sb.append(",\"curve\":");
            Json.string(sb, t.curve());
        }
        if (t.serverName() != null) {
            sb.append(",\"server_name\":");
            Json.string(sb, t.serverName());
        }
        sb.append(",\"resumed\":").append(t.resumed()).append(",\"established\":").append(t.established());
        sb.append(",\"ssl_history\":\"").append(t.established() ? "CsiI" : "Cs").append("\"}");
        return sb.toString();
    }
}
