package io.peerwatch.normalize.parsers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.parse.ParseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one Suricata EVE event that {@link SuricataEveParser} uses, read in one streaming pass
 * (sections may come in any order, before or after {@code event_type}); everything else is skipped without
 * being materialized. Values are scalar text; nulls are absent.
 */
final class EveRecord {
    // top level
    static final int TIMESTAMP = 0, EVENT_TYPE = 1, SRC_IP = 2, SRC_PORT = 3, DEST_IP = 4, DEST_PORT = 5, PROTO = 6,
            APP_PROTO = 7, FLOW_ID = 8, HOST = 9;
    // flow / netflow
    static final int FLOW_PKTS_TOSERVER = 10, FLOW_PKTS_TOCLIENT = 11, FLOW_BYTES_TOSERVER = 12, FLOW_BYTES_TOCLIENT = 13,
            FLOW_START = 14, FLOW_END = 15, FLOW_STATE = 16, NETFLOW_PKTS = 17, NETFLOW_BYTES = 18, NETFLOW_START = 19,
            NETFLOW_END = 20;
    // http, tls, alert
    static final int HTTP_HOSTNAME = 21, HTTP_URL = 22, HTTP_USER_AGENT = 23, HTTP_METHOD = 24, HTTP_STATUS = 25,
            TLS_SNI = 26, TLS_JA3_HASH = 27, ALERT_SIGNATURE = 28, ALERT_SIGNATURE_ID = 29, ALERT_CATEGORY = 30,
            ALERT_ACTION = 31, ALERT_SEVERITY = 32, ALERT_GID = 33, ALERT_REV = 34;
    // dns
    static final int DNS_TYPE = 35, DNS_RRNAME = 36, DNS_RRTYPE = 37, DNS_RCODE = 38, DNS_RDATA = 39, DNS_QUERY_RRNAME = 40,
            DNS_QUERY_RRTYPE = 41, DNS_ANSWER_RRTYPE = 42;
    // bittorrent_dht
    static final int DHT_REQUEST_TYPE = 43, DHT_CLIENT_VERSION = 44, DHT_TRANSACTION_ID = 45, DHT_INFO_HASH = 46,
            DHT_TARGET = 47, DHT_ERROR_MSG = 48;
    static final int SLOTS = 49;
    static final int MAX_ANSWERS = 64;

    private static final Map<String, Integer> TOP = Map.of("timestamp", TIMESTAMP, "event_type", EVENT_TYPE,
            "src_ip", SRC_IP, "src_port", SRC_PORT, "dest_ip", DEST_IP, "dest_port", DEST_PORT, "proto", PROTO,
            "app_proto", APP_PROTO, "flow_id", FLOW_ID, "host", HOST);
    private static final Map<String, Integer> FLOW = Map.of("pkts_toserver", FLOW_PKTS_TOSERVER, "pkts_toclient",
            FLOW_PKTS_TOCLIENT, "bytes_toserver", FLOW_BYTES_TOSERVER, "bytes_toclient", FLOW_BYTES_TOCLIENT,
            "start", FLOW_START, "end", FLOW_END, "state", FLOW_STATE);
    private static final Map<String, Integer> NETFLOW = Map.of("pkts", NETFLOW_PKTS, "bytes", NETFLOW_BYTES,
            "start", NETFLOW_START, "end", NETFLOW_END);
    private static final Map<String, Integer> HTTP = Map.of("hostname", HTTP_HOSTNAME, "url", HTTP_URL,
            "http_user_agent", HTTP_USER_AGENT, "http_method", HTTP_METHOD, "status", HTTP_STATUS);
    private static final Map<String, Integer> TLS = Map.of("sni", TLS_SNI);
    private static final Map<String, Integer> JA3 = Map.of("hash", TLS_JA3_HASH);
    private static final Map<String, Integer> ALERT = Map.of("signature", ALERT_SIGNATURE, "signature_id",
            ALERT_SIGNATURE_ID, "category", ALERT_CATEGORY, "action", ALERT_ACTION, "severity", ALERT_SEVERITY,
            "gid", ALERT_GID, "rev", ALERT_REV);
    private static final Map<String, Integer> DNS = Map.of("type", DNS_TYPE, "rrname", DNS_RRNAME, "rrtype",
            DNS_RRTYPE, "rcode", DNS_RCODE, "rdata", DNS_RDATA);
    private static final Map<String, Integer> DNS_QUERY = Map.of("rrname", DNS_QUERY_RRNAME, "rrtype", DNS_QUERY_RRTYPE);
    private static final Map<String, Integer> DHT = Map.of("request_type", DHT_REQUEST_TYPE, "client_version",
            DHT_CLIENT_VERSION, "transaction_id", DHT_TRANSACTION_ID);
    private static final Map<String, Integer> DHT_REQUEST = Map.of("info_hash", DHT_INFO_HASH, "target", DHT_TARGET);
    private static final Map<String, Integer> DHT_ERROR = Map.of("msg", DHT_ERROR_MSG);

    final String[] v = new String[SLOTS];
    /** dns answers[].rdata in order, then grouped values sorted by their type name. */
    final List<String> answers = new ArrayList<>(2);
    boolean dhtRequest;
    boolean dhtResponse;
    boolean dhtError;

    String get(int slot) { return v[slot]; }

    static EveRecord read(RawRecord raw) throws ParseException {
        EveRecord r = new EveRecord();
        try (JsonParser p = Json.openObject(raw)) {
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                Integer slot = TOP.get(name);
                if (slot != null) {
                    r.scalar(p, value, slot, name);
                    continue;
                }
                if (value != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                switch (name) {
                    case "flow" -> r.section(p, FLOW);
                    case "netflow" -> r.section(p, NETFLOW);
                    case "http" -> r.section(p, HTTP);
                    case "tls" -> r.tls(p);
                    case "alert" -> r.section(p, ALERT);
                    case "dns" -> r.dns(p);
                    case "bittorrent_dht" -> r.dht(p);
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) throw new ParseException(ParseException.MALFORMED, "truncated JSON object");
            Json.requireEnd(p);
        } catch (IOException e) {
            throw Json.malformed(e);
        }
        return r;
    }

    /** A scalar into its slot; an object or array where a scalar belongs is a malformed record. */
    private void scalar(JsonParser p, JsonToken t, int slot, String name) throws IOException, ParseException {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            throw new ParseException(ParseException.MALFORMED, name + " has the wrong JSON type");
        }
        v[slot] = Json.scalarText(p);
    }

    /** The scalar members of an object (current token START_OBJECT) named in {@code fields}; others skipped. */
    private void section(JsonParser p, Map<String, Integer> fields) throws IOException, ParseException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            Integer slot = fields.get(name);
            if (slot == null) p.skipChildren();
            else scalar(p, value, slot, name);
        }
        if (t != JsonToken.END_OBJECT) throw new ParseException(ParseException.MALFORMED, "truncated JSON object");
    }

    private void tls(JsonParser p) throws IOException, ParseException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("ja3") && value == JsonToken.START_OBJECT) section(p, JA3);
            else if (TLS.containsKey(name)) scalar(p, value, TLS.get(name), name);
            else p.skipChildren();
        }
        if (t != JsonToken.END_OBJECT) throw new ParseException(ParseException.MALFORMED, "truncated JSON object");
    }

    /**
     * EVE dns v1 (one event per answer: rdata), v2 (answers[] of objects, or grouped {TYPE: [values]}), v3
     * (queries[] of objects).
     */
    private void dns(JsonParser p) throws IOException, ParseException {
        Map<String, List<String>> grouped = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            Integer slot = DNS.get(name);
            if (slot != null) {
                scalar(p, value, slot, name);
            } else if (name.equals("answers") && value == JsonToken.START_ARRAY) {
                answerArray(p);
            } else if (name.equals("queries") && value == JsonToken.START_ARRAY) {
                queryArray(p);
            } else if (name.equals("grouped") && value == JsonToken.START_OBJECT) {
                grouped = groupedAnswers(p);
            } else {
                p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) throw new ParseException(ParseException.MALFORMED, "truncated JSON object");
        if (grouped != null && answers.isEmpty()) {
            // key order in JSON is not significant: sorted by type so the output is the same however it is written
            grouped.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> e.getValue().forEach(a -> { if (answers.size() < MAX_ANSWERS) answers.add(a); }));
        }
    }

    private void answerArray(JsonParser p) throws IOException, ParseException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw new ParseException(ParseException.MALFORMED, "truncated JSON array");
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            JsonToken f;
            while ((f = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("rdata") && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    if (answers.size() < MAX_ANSWERS) answers.add(p.getText());
                } else if (name.equals("rrtype") && value == JsonToken.VALUE_STRING && v[DNS_ANSWER_RRTYPE] == null) {
                    v[DNS_ANSWER_RRTYPE] = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (f != JsonToken.END_OBJECT) throw new ParseException(ParseException.MALFORMED, "truncated JSON object");
        }
    }

    private void queryArray(JsonParser p) throws IOException, ParseException {
        JsonToken t;
        boolean first = true;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw new ParseException(ParseException.MALFORMED, "truncated JSON array");
            if (t == JsonToken.START_OBJECT && first) {
                section(p, DNS_QUERY);
                first = false;
            } else {
                p.skipChildren();
            }
        }
    }

    private Map<String, List<String>> groupedAnswers(JsonParser p) throws IOException, ParseException {
        Map<String, List<String>> out = new HashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String type = p.currentName();
            if (p.nextToken() != JsonToken.START_ARRAY) {
                p.skipChildren();
                continue;
            }
            List<String> values = out.computeIfAbsent(type, k -> new ArrayList<>(2));
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                if (e == null) throw new ParseException(ParseException.MALFORMED, "truncated JSON array");
                if (e.isScalarValue() && e != JsonToken.VALUE_NULL) {
                    if (values.size() < MAX_ANSWERS) values.add(p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
        if (t != JsonToken.END_OBJECT) throw new ParseException(ParseException.MALFORMED, "truncated JSON object");
        return out;
    }

    private void dht(JsonParser p) throws IOException, ParseException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            Integer slot = DHT.get(name);
            if (slot != null) {
                scalar(p, value, slot, name);
            } else if (name.equals("request") && value == JsonToken.START_OBJECT) {
                dhtRequest = true;
                section(p, DHT_REQUEST);
            } else if (name.equals("response")) {
                dhtResponse = true;
                p.skipChildren();
            } else if (name.equals("error") && value == JsonToken.START_OBJECT) {
                dhtError = true;
                section(p, DHT_ERROR);
            } else {
                p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) throw new ParseException(ParseException.MALFORMED, "truncated JSON object");
    }
}
