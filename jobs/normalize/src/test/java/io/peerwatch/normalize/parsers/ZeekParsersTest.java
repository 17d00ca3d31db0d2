package io.peerwatch.normalize.parsers;

import static io.peerwatch.normalize.testing.Records.fixture;
import static io.peerwatch.normalize.testing.Records.line;
import static io.peerwatch.normalize.testing.Records.one;
import static io.peerwatch.normalize.testing.Records.parseAll;
import static io.peerwatch.normalize.testing.Records.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.DnsQuery;
import io.peerwatch.schema.HttpRequest;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.TlsSession;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZeekParsersTest {
    private static final NormalizeConfig CFG = NormalizeConfig.defaults();

    private static long ms(String iso) { return Instant.parse(iso).toEpochMilli(); }

    // ------------------------------------------------------------------ conn

    @Test
    void connJsonGivesAFlowFromOriginatorWithEndTimeAsEventTime() throws Exception {
        List<RawRecord> recs = read(Formats.ZEEK_CONN, fixture("zeek-conn", "conn.json"));
        Records.Result r = parseAll(new ZeekConnParser(CFG), recs);
        assertThat(r.errors()).isEmpty();
        assertThat(r.events()).hasSize(6);
        Parsed first = r.events().get(0);
        NetworkFlow f = (NetworkFlow) first.body();
        assertThat(f.getProto()).isEqualTo("tcp");
        assertThat(f.getSrcIp()).isEqualTo("192.168.1.3");
        assertThat(f.getSrcPort()).isEqualTo(52888);
        assertThat(f.getDstIp()).isEqualTo("82.58.216.115");
        assertThat(f.getDstPort()).isEqualTo(38305);
        assertThat(f.getStartTime()).isEqualTo(1793577630000L);
        assertThat(f.getEndTime()).isEqualTo(1793577630218L);
        assertThat(first.eventTime()).isEqualTo(f.getEndTime());
        assertThat(f.getSrcBytes()).as("IP-level bytes, like every other flow source").isEqualTo(120L);
        assertThat(f.getDstBytes()).isEqualTo(610L);
        assertThat(f.getSrcPackets()).isEqualTo(1L);
        assertThat(f.getState()).isEqualTo("OTH");
        assertThat(f.getUid()).isEqualTo("C3cdb182310d53d84d");
    }

    @Test
    void connWithoutDurationEndsWhereItStarts() throws Exception {
        List<RawRecord> recs = read(Formats.ZEEK_CONN, fixture("zeek-conn", "conn.json"));
        NetworkFlow f = (NetworkFlow) one(new ZeekConnParser(CFG), recs.get(1)).body();
        assertThat(f.getEndTime()).isEqualTo(f.getStartTime()).isEqualTo(1793577632194L);
        assertThat(f.getDstBytes()).isZero();
    }

    @Test
    void connIpv6IsCanonicalized() throws Exception {
        List<RawRecord> recs = read(Formats.ZEEK_CONN, fixture("zeek-conn", "conn.json"));
        NetworkFlow f = (NetworkFlow) one(new ZeekConnParser(CFG), recs.get(2)).body();
        assertThat(f.getSrcIp()).isEqualTo("2001:db8::ff00:42:8329");
        assertThat(f.getDstIp()).isEqualTo("2a38:e156:8167:a333:face:b00c:0:24d9");
        assertThat(f.getAppProto()).isEqualTo("stun");
    }

    @Test
    void connIsoTimestampsPathAndSystemNameAreRead() throws Exception {
        List<RawRecord> recs = read(Formats.ZEEK_CONN, fixture("zeek-conn", "conn.json"));
        Parsed p = one(new ZeekConnParser(CFG), recs.get(4));
        NetworkFlow f = (NetworkFlow) p.body();
        assertThat(f.getStartTime()).isEqualTo(ms("2026-11-02T00:04:10.250Z"));
        assertThat(f.getEndTime()).isEqualTo(ms("2026-11-02T00:04:22.750Z"));
        assertThat(p.sensor()).isEqualTo("hv-07");
    }

    @Test
    void connEpochMillisAndNestedIdObjectAreRead() throws Exception {
        List<RawRecord> recs = read(Formats.ZEEK_CONN, fixture("zeek-conn", "conn.json"));
        NetworkFlow f = (NetworkFlow) one(new ZeekConnParser(CFG), recs.get(5)).body();
        assertThat(f.getStartTime()).isEqualTo(1793577700123L);
        assertThat(f.getSrcIp()).isEqualTo("192.168.122.47");
        assertThat(f.getSrcPort()).isEqualTo(6881);
        assertThat(f.getDstPort()).isEqualTo(51413);
    }

    @Test
    void connTsvHeaderLinesAreSkipsAndDataLinesMatchTheJsonForm() throws Exception {
        List<RawRecord> recs = read(Formats.ZEEK_CONN, fixture("zeek-conn", "conn.tsv"));
        Records.Result r = parseAll(new ZeekConnParser(CFG), recs);
        assertThat(r.errors()).isEmpty();
        assertThat(r.skips()).hasSize(9).containsOnly("header");
        assertThat(r.events()).hasSize(6);
        NetworkFlow first = (NetworkFlow) r.events().get(0).body();
        NetworkFlow fromJson = (NetworkFlow) one(new ZeekConnParser(CFG), read(Formats.ZEEK_CONN, fixture("zeek-conn", "conn.json")).get(0)).body();
        assertThat(first).isEqualTo(fromJson);
        NetworkFlow unsetFields = (NetworkFlow) r.events().get(1).body();
        assertThat(unsetFields.getEndTime()).isEqualTo(unsetFields.getStartTime());
        assertThat(((NetworkFlow) r.events().get(2).body()).getAppProto()).isEqualTo("dns");
        NetworkFlow v6 = (NetworkFlow) r.events().get(4).body();
        assertThat(v6.getSrcIp()).isEqualTo("fe80::5054:ff:fe12:3456");
        assertThat(v6.getDstIp()).isEqualTo("ff02::1:2");
    }

    @Test
    void connTsvWithoutHeaderUsesTheDefaultColumnOrder() throws Exception {
        Records.Result r = parseAll(new ZeekConnParser(CFG), read(Formats.ZEEK_CONN, fixture("zeek-conn", "conn-noheader.tsv")));
        assertThat(r.errors()).isEmpty();
        assertThat(r.events()).hasSize(3);
        assertThat(((NetworkFlow) r.events().get(2).body()).getDstPort()).isEqualTo(53);
    }

    @Test
    void tsvHeaderStateIsKeptPerSource() throws Exception {
        ZeekConnParser p = new ZeekConnParser(CFG);
        // source A declares a reordered header; source B has none and a 3-column line
        p.parse(line(Formats.ZEEK_CONN, "a.log", 1, "#fields\tid.orig_h\tid.resp_h\tts\tid.orig_p\tid.resp_p\tproto"));
        Parsed a = one(p, line(Formats.ZEEK_CONN, "a.log", 2, "10.0.0.1\t10.0.0.2\t1793577630.5\t1\t2\tudp"));
        assertThat(((NetworkFlow) a.body()).getSrcIp()).isEqualTo("10.0.0.1");
        assertThatThrownBy(() -> p.parse(line(Formats.ZEEK_CONN, "b.log", 1, "10.0.0.1\t10.0.0.2\t1793577630.5")))
                .isInstanceOf(ParseException.class)
                .satisfies(e -> assertThat(((ParseException) e).errorClass()).isEqualTo(ParseException.MALFORMED));
    }

    @Test
    void aDnsLogSentToTheConnParserIsRejected() {
        ZeekConnParser p = new ZeekConnParser(CFG);
        assertThatThrownBy(() -> p.parse(line(Formats.ZEEK_CONN,
                "{\"_path\":\"dns\",\"ts\":1793577630.0,\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":1,\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":53,\"proto\":\"udp\"}")))
                .isInstanceOf(ParseException.class)
                .satisfies(e -> assertThat(((ParseException) e).errorClass()).isEqualTo(ParseException.UNSUPPORTED));
    }

    @Test
    void invalidValuesAreRejectedWithTheirErrorClass() {
        ZeekConnParser p = new ZeekConnParser(CFG);
        String ok = "{\"ts\":1793577630.0,\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":1,\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":53,\"proto\":\"udp\"";
        assertErrorClass(p, ok.replace("10.0.0.1", "10.0.0.256") + "}", ParseException.INVALID_ADDRESS);
        assertErrorClass(p, ok.replace("10.0.0.1", "localhost") + "}", ParseException.INVALID_ADDRESS);
        assertErrorClass(p, ok.replace("\"id.orig_p\":1", "\"id.orig_p\":70000") + "}", ParseException.INVALID_NUMBER);
        assertErrorClass(p, ok + ",\"orig_ip_bytes\":-5}", ParseException.INVALID_NUMBER);
        assertErrorClass(p, ok.replace("1793577630.0", "4102444800.0") + "}", ParseException.INVALID_TIMESTAMP);
        assertErrorClass(p, ok.replace("1793577630.0", "12.0") + "}", ParseException.INVALID_TIMESTAMP);
        assertErrorClass(p, ok + "}{}", ParseException.MALFORMED);
        assertErrorClass(p, ok, ParseException.MALFORMED);
        assertErrorClass(p, ok.replace("\"proto\":\"udp\"", "\"x\":1") + "}", ParseException.MISSING_FIELD);
        assertErrorClass(p, ok + ",\"duration\":\"NaN\"}", ParseException.INVALID_NUMBER);
        assertErrorClass(p, ok + ",\"duration\":NaN}", ParseException.MALFORMED);
    }

    // ------------------------------------------------------------------ dns

    @Test
    void dnsJsonAndTsvGiveQueriesWithNamesAndAnswers() throws Exception {
        Records.Result json = parseAll(new ZeekDnsParser(CFG), read(Formats.ZEEK_DNS, fixture("zeek-dns", "dns.json")));
        assertThat(json.errors()).isEmpty();
        assertThat(json.events()).hasSize(3);
        assertThat(json.skips()).containsExactly("dns transaction without query name");
        DnsQuery q = (DnsQuery) json.events().get(0).body();
        assertThat(q.getSrcIp()).isEqualTo("192.168.122.45");
        assertThat(q.getQuery()).isEqualTo("e7.whatsapp.net");
        assertThat(q.getQtype()).isEqualTo("A");
        assertThat(q.getRcode()).isEqualTo("NOERROR");
        assertThat(q.getAnswers()).containsExactly("169.45.219.235");
        DnsQuery v6 = (DnsQuery) json.events().get(1).body();
        assertThat(v6.getQtype()).isEqualTo("AAAA");
        assertThat(v6.getRcode()).isNull();
        DnsQuery numeric = (DnsQuery) json.events().get(2).body();
        assertThat(numeric.getQtype()).isEqualTo("1");
        assertThat(numeric.getRcode()).isEqualTo("3");

        Records.Result tsv = parseAll(new ZeekDnsParser(CFG), read(Formats.ZEEK_DNS, fixture("zeek-dns", "dns.tsv")));
        assertThat(tsv.errors()).isEmpty();
        assertThat(tsv.events()).hasSize(3);
        assertThat(((DnsQuery) tsv.events().get(1).body()).getAnswers()).containsExactly("router.utorrent.com", "82.221.103.244");
        assertThat(((DnsQuery) tsv.events().get(2).body()).getAnswers()).isEmpty();
        assertThat(((DnsQuery) tsv.events().get(2).body()).getSrcIp()).isEqualTo("2001:db8:1::45");
    }

    // ------------------------------------------------------------------ http

    @Test
    void httpJsonAndTsvGiveRequests() throws Exception {
        Records.Result json = parseAll(new ZeekHttpParser(CFG), read(Formats.ZEEK_HTTP, fixture("zeek-http", "http.json")));
        assertThat(json.errors()).isEmpty();
        HttpRequest h = (HttpRequest) json.events().get(0).body();
        assertThat(h.getMethod()).isEqualTo("GET");
        assertThat(h.getHost()).isEqualTo("google.com");
        assertThat(h.getUserAgent()).isEqualTo("curl/7.68.0");
        assertThat(h.getStatusCode()).isEqualTo(301);
        assertThat(((HttpRequest) json.events().get(1).body()).getUserAgent()).isNull();
        assertThat(((HttpRequest) json.events().get(2).body()).getUri()).startsWith("/announce?info_hash=");

        Records.Result tsv = parseAll(new ZeekHttpParser(CFG), read(Formats.ZEEK_HTTP, fixture("zeek-http", "http.tsv")));
        assertThat(tsv.errors()).isEmpty();
        assertThat(tsv.events()).hasSize(3);
        HttpRequest announce = (HttpRequest) tsv.events().get(1).body();
        assertThat(announce.getUserAgent()).isEqualTo("qBittorrent/4.5.0");
        assertThat(announce.getHost()).isEqualTo("tracker.example.org:6969");
        HttpRequest bare = (HttpRequest) tsv.events().get(2).body();
        assertThat(bare.getMethod()).isNull();
        assertThat(bare.getStatusCode()).isNull();
    }

    // ------------------------------------------------------------------ ssl

    @Test
    void sslJsonAndTsvGiveTlsSessionsWithSniAndJa3() throws Exception {
        Records.Result json = parseAll(new ZeekSslParser(CFG), read(Formats.ZEEK_SSL, fixture("zeek-ssl", "ssl.json")));
        assertThat(json.errors()).isEmpty();
        TlsSession t = (TlsSession) json.events().get(0).body();
        assertThat(t.getServerName()).isEqualTo("ichnaea.netflix.com");
        assertThat(t.getEstablished()).isTrue();
        TlsSession t2 = (TlsSession) json.events().get(1).body();
        assertThat(t2.getServerName()).isNull();
        assertThat(t2.getEstablished()).isFalse();
        assertThat(t2.getJa3()).isEqualTo("771c93a02bb801fbdbb13b73bcba0e54");
        assertThat(t2.getDstIp()).isEqualTo("2606:4700::6810:85e5");

        Records.Result tsv = parseAll(new ZeekSslParser(CFG), read(Formats.ZEEK_SSL, fixture("zeek-ssl", "ssl.tsv")));
        assertThat(tsv.errors()).isEmpty();
        assertThat(tsv.events()).hasSize(2);
        assertThat(((TlsSession) tsv.events().get(0).body()).getJa3()).isEqualTo("771c93a02bb801fbdbb13b73bcba0e54");
        assertThat(((TlsSession) tsv.events().get(1).body()).getServerName()).isNull();
    }

    @Test
    void tsvEscapesAreDecoded() {
        assertThat(ZeekLogParser.unescape("Moved\\x20Permanently")).isEqualTo("Moved Permanently");
        assertThat(ZeekLogParser.unescape("a\\x09b")).isEqualTo("a\tb");
        assertThat(ZeekLogParser.unescape("trailing\\x2")).isEqualTo("trailing\\x2");
    }

    static void assertErrorClass(io.peerwatch.normalize.parse.RecordParser p, String text, String errorClass) {
        assertThatThrownBy(() -> p.parse(line(p.format(), text)))
                .as(text)
                .isInstanceOf(ParseException.class)
                .satisfies(e -> assertThat(((ParseException) e).errorClass()).as(e.getMessage()).isEqualTo(errorClass));
    }
}
