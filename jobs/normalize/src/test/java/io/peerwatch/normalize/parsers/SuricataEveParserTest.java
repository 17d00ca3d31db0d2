package io.peerwatch.normalize.parsers;

import static io.peerwatch.normalize.testing.Records.fixture;
import static io.peerwatch.normalize.testing.Records.parseAll;
import static io.peerwatch.normalize.testing.Records.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.DnsQuery;
import io.peerwatch.schema.HttpRequest;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.ProtocolHint;
import io.peerwatch.schema.TlsSession;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SuricataEveParserTest {
    private static Records.Result result;
    private static List<Parsed> events;

    @BeforeAll
    static void parseFixture() {
        result = parseAll(new SuricataEveParser(NormalizeConfig.defaults()), read(Formats.SURICATA_EVE, fixture("suricata-eve", "eve.json")));
        events = result.events();
    }

    private static long ms(String iso) { return Instant.parse(iso).toEpochMilli(); }

    @Test
    void everyFixtureLineIsAnEventOrACountedSkip() {
        assertThat(result.errors()).isEmpty();
        assertThat(events).hasSize(15);
        assertThat(result.skips()).containsExactly("event_type stats not normalized", "event_type fileinfo not normalized");
    }

    @Test
    void flowEventIsABidirectionalFlowEndingAtFlowEnd() {
        NetworkFlow f = (NetworkFlow) events.get(0).body();
        assertThat(f.getProto()).isEqualTo("tcp");
        assertThat(f.getSrcIp()).isEqualTo("192.168.1.3");
        assertThat(f.getStartTime()).isEqualTo(ms("2026-11-02T00:00:30Z"));
        assertThat(f.getEndTime()).isEqualTo(ms("2026-11-02T00:00:30.218Z"));
        assertThat(events.get(0).eventTime()).isEqualTo(f.getEndTime());
        assertThat(f.getSrcBytes()).isEqualTo(134L);
        assertThat(f.getDstBytes()).isEqualTo(624L);
        assertThat(f.getSrcPackets()).isEqualTo(1L);
        assertThat(f.getAppProto()).as("'failed' is no protocol").isNull();
        assertThat(f.getUid()).isEqualTo("4122253795001");
        assertThat(f.getState()).isEqualTo("established");
    }

    @Test
    void icmpv6FlowWithoutPortsHasPortZeroAndCanonicalAddresses() {
        NetworkFlow f = (NetworkFlow) events.get(1).body();
        assertThat(f.getProto()).isEqualTo("icmp");
        assertThat(f.getSrcIp()).isEqualTo("2001:db8:1::45");
        assertThat(f.getSrcPort()).isZero();
        assertThat(f.getDstPort()).isZero();
    }

    @Test
    void netflowEventIsOneDirection() {
        NetworkFlow f = (NetworkFlow) events.get(2).body();
        assertThat(f.getSrcBytes()).isEqualTo(1200L);
        assertThat(f.getDstBytes()).isZero();
        assertThat(f.getAppProto()).isEqualTo("bittorrent-dht");
    }

    @Test
    void dnsAnswersAreTurnedSoTheClientIsTheSource() {
        DnsQuery answer = (DnsQuery) events.get(3).body();
        assertThat(answer.getSrcIp()).isEqualTo("192.168.122.45");
        assertThat(answer.getSrcPort()).isEqualTo(47255);
        assertThat(answer.getDstIp()).isEqualTo("192.168.122.1");
        assertThat(answer.getDstPort()).isEqualTo(53);
        assertThat(answer.getQuery()).isEqualTo("e7.whatsapp.net");
        assertThat(answer.getQtype()).isEqualTo("A");
        assertThat(answer.getRcode()).isEqualTo("NOERROR");
        assertThat(answer.getAnswers()).containsExactly("169.45.219.235");
        DnsQuery query = (DnsQuery) events.get(4).body();
        assertThat(query.getSrcIp()).isEqualTo("192.168.122.45");
        assertThat(query.getAnswers()).isEmpty();
    }

    @Test
    void groupedAnswersAndEveV3QueriesAreRead() {
        DnsQuery grouped = (DnsQuery) events.get(5).body();
        assertThat(grouped.getSrcIp()).isEqualTo("192.168.122.46");
        assertThat(grouped.getAnswers()).containsExactly("67.215.246.10", "router.utorrent.com");
        DnsQuery v3 = (DnsQuery) events.get(6).body();
        assertThat(v3.getQuery()).isEqualTo("tracker.opentrackr.org");
        assertThat(v3.getQtype()).isEqualTo("A");
    }

    @Test
    void httpAndTlsEvents() {
        HttpRequest h = (HttpRequest) events.get(7).body();
        assertThat(h.getHost()).isEqualTo("google.com");
        assertThat(h.getStatusCode()).isEqualTo(301);
        assertThat(h.getUserAgent()).isEqualTo("curl/7.68.0");
        assertThat(((HttpRequest) events.get(8).body()).getUserAgent()).isNull();
        TlsSession t = (TlsSession) events.get(9).body();
        assertThat(t.getServerName()).isEqualTo("ichnaea.netflix.com");
        assertThat(t.getJa3()).isEqualTo("771c93a02bb801fbdbb13b73bcba0e54");
    }

    @Test
    void alertsAreProtocolHintsWithSignature() {
        ProtocolHint bt = (ProtocolHint) events.get(10).body();
        assertThat(bt.getKind()).isEqualTo("alert");
        assertThat(bt.getProtocol()).isEqualTo("bittorrent-dht");
        assertThat(bt.getSignatureId()).isEqualTo(2008581L);
        assertThat(bt.getSignature()).isEqualTo("ET P2P BitTorrent DHT ping request");
        assertThat(bt.getDetail()).containsEntry("category", "Potential Corporate Privacy Violation").containsEntry("severity", "1");
        assertThat(events.get(10).sensor()).isEqualTo("sensor-hv07");
        ProtocolHint other = (ProtocolHint) events.get(11).body();
        assertThat(other.getProtocol()).isEqualTo("unknown");
    }

    @Test
    void dhtEventsAreHintsOfQueryResponseOrError() {
        ProtocolHint q = (ProtocolHint) events.get(12).body();
        assertThat(q.getProtocol()).isEqualTo("bittorrent-dht");
        assertThat(q.getKind()).isEqualTo("dht-query");
        assertThat(q.getDetail()).containsEntry("request_type", "find_node");
        assertThat(q.getProto()).isEqualTo("udp");
        assertThat(((ProtocolHint) events.get(13).body()).getKind()).isEqualTo("dht-response");
        assertThat(((ProtocolHint) events.get(14).body()).getKind()).isEqualTo("dht-error");
    }

    @Test
    void unknownEventTypesShareOneSkipReasonAndBadValuesAreDeadLettered() {
        SuricataEveParser p = new SuricataEveParser(NormalizeConfig.defaults());
        String base = "{\"timestamp\":\"2026-11-02T00:01:00.218575+0000\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\",\"dest_ip\":\"10.0.0.2\",\"proto\":\"TCP\",\"src_port\":1,\"dest_port\":2";
        ZeekParsersTest.assertErrorClass(p, base + ",\"flow\":{\"bytes_toserver\":-1}}", ParseException.INVALID_NUMBER);
        ZeekParsersTest.assertErrorClass(p, base.replace("10.0.0.2", "::g") + "}", ParseException.INVALID_ADDRESS);
        ZeekParsersTest.assertErrorClass(p, base + ",\"flow\":{\"start\":\"2026-11-02T00:02:00+0000\",\"end\":\"2026-11-02T00:01:00+0000\"}}",
                ParseException.INVALID_TIMESTAMP);
        ZeekParsersTest.assertErrorClass(p, base.replace("2026-11-02T00:01:00.218575+0000", "1999-12-31T23:59:59Z") + "}",
                ParseException.INVALID_TIMESTAMP);
        ZeekParsersTest.assertErrorClass(p, base.replace("\"event_type\":\"flow\",", "") + "}", ParseException.MISSING_FIELD);
    }
}
