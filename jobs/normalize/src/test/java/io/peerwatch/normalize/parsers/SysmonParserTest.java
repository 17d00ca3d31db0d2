package io.peerwatch.normalize.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.DnsQuery;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.ProcessStart;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SysmonParserTest {
    private static final String F = Formats.SYSMON;
    private final SysmonParser parser = new SysmonParser(NormalizeConfig.defaults());

    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void winlogbeatProcessCreateGivesImageCommandLineUserAndSha256() {
        Records.Result r = Records.parseAll(parser, Records.read(F, Records.fixture(F, "winlogbeat.jsonl")));
        assertThat(r.errors()).isEmpty();
        assertThat(r.events()).hasSize(5);
        assertThat(r.skips()).containsExactly("Sysmon event not normalized: id 5",
                "not a Sysmon event (provider Microsoft-Windows-Security-Auditing)");
        Parsed p = r.events().get(0);
        assertThat(p.eventTime()).as("UtcTime, not @timestamp").isEqualTo(t("2026-11-02T09:31:07.398Z"));
        assertThat(p.sensor()).isEqualTo("win-agent-2.corp.example.org");
        ProcessStart ps = (ProcessStart) p.body();
        assertThat(ps.getImage()).isEqualTo("C:\\Users\\bob\\AppData\\Local\\qBittorrent\\qbittorrent.exe");
        assertThat(ps.getCommandLine()).endsWith("\"D:\\dl\\ubuntu-24.04.iso.torrent\"");
        assertThat(ps.getPid()).isEqualTo(7344L);
        assertThat(ps.getPpid()).isEqualTo(5120L);
        assertThat(ps.getParentImage()).isEqualTo("C:\\Windows\\explorer.exe");
        assertThat(ps.getUser()).isEqualTo("CORP\\bob");
        assertThat(ps.getSha256()).isEqualTo("3c9f1b7e2a6d4c8f0e5b9a3d7c1f6e2b8a4d0c9e7f3b5a1d6c2e8f4a0b9d7c3e");
        assertThat(ps.getIp()).as("first non-link-local host address").isEqualTo("192.168.122.64");
        assertThat(ps.getHostname()).isEqualTo("win-agent-2.corp.example.org");
    }

    @Test
    void networkConnectionsAreFlowsWithTheOriginatorAsSource() {
        Records.Result r = Records.parseAll(parser, Records.read(F, Records.fixture(F, "winlogbeat.jsonl")));
        NetworkFlow out = (NetworkFlow) r.events().get(1).body();
        assertThat(out.getProto()).isEqualTo("tcp");
        assertThat(out.getSrcIp()).isEqualTo("192.168.122.64");
        assertThat(out.getSrcPort()).isEqualTo(50744);
        assertThat(out.getDstIp()).isEqualTo("203.0.113.77");
        assertThat(out.getDstPort()).isEqualTo(6881);
        assertThat(out.getStartTime()).isEqualTo(out.getEndTime()).isEqualTo(t("2026-11-02T09:31:13.877Z"));
        assertThat(out.getSrcBytes()).isZero();
        assertThat(out.getObservedDirection()).isEqualTo("egress");

        NetworkFlow in = (NetworkFlow) r.events().get(2).body();
        assertThat(in.getSrcIp()).as("inbound: the remote side originated").isEqualTo("198.51.100.23");
        assertThat(in.getSrcPort()).isEqualTo(51413);
        assertThat(in.getDstIp()).as("IPv4-mapped local address made plain").isEqualTo("192.168.122.64");
        assertThat(in.getDstPort()).isEqualTo(6881);
        assertThat(in.getObservedDirection()).isEqualTo("ingress");
    }

    @Test
    void dnsQueriesComeFromTheHostAddressWithDecodedResults() {
        Records.Result r = Records.parseAll(parser, Records.read(F, Records.fixture(F, "winlogbeat.jsonl")));
        DnsQuery q = (DnsQuery) r.events().get(3).body();
        assertThat(q.getSrcIp()).as("IPv4 preferred over global IPv6").isEqualTo("192.168.122.64");
        assertThat(q.getQuery()).isEqualTo("tracker.opentrackr.example");
        assertThat(q.getRcode()).isEqualTo("NOERROR");
        assertThat(q.getAnswers()).containsExactly("trk-edge.example.net", "203.0.113.9", "203.0.113.10");
        DnsQuery nx = (DnsQuery) r.events().get(4).body();
        assertThat(nx.getRcode()).isEqualTo("NXDOMAIN");
        assertThat(nx.getAnswers()).isEmpty();
    }

    @Test
    void evtxShapesParseAndDnsWithoutHostAddressIsMissingField() {
        List<RawRecord> records = Records.read(F, Records.fixture(F, "evtx.jsonl"));
        Records.Result r = Records.parseAll(parser, records);
        assertThat(r.events()).hasSize(2);
        ProcessStart ps = (ProcessStart) r.events().get(0).body();
        assertThat(ps.getPid()).isEqualTo(6120L);
        assertThat(ps.getSha256()).isEqualTo("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        assertThat(ps.getIp()).isNull();
        assertThat(r.events().get(0).sensor()).isEqualTo("DESKTOP-7QK2M1");
        NetworkFlow f = (NetworkFlow) r.events().get(1).body();
        assertThat(f.getSrcIp()).isEqualTo("fd00:42::1b2");
        assertThat(f.getDstIp()).isEqualTo("2001:db8:ffff::6");
        assertThat(r.events().get(1).eventTime()).isEqualTo(t("2026-11-02T10:02:09.004Z"));
        assertThat(r.errors()).singleElement().asString().contains(ParseException.MISSING_FIELD).contains("host.ip");
    }

    @Test
    void badRecordsAreErrorsWithTheirClass() {
        Records.Result r = Records.parseAll(parser, Records.read(F, Records.fixture(F, "bad.jsonl")));
        assertThat(r.events()).isEmpty();
        String[] expected = {ParseException.INVALID_ADDRESS, ParseException.INVALID_NUMBER, ParseException.MISSING_FIELD,
            ParseException.INVALID_TIMESTAMP, ParseException.INVALID_NUMBER, ParseException.UNSUPPORTED, ParseException.MALFORMED};
        assertThat(r.errors()).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) assertThat(r.errors().get(i)).as("line " + (i + 1)).contains(" " + expected[i] + ":");
    }

    @Test
    void linkLocalZoneInHostAddressesIsTolerated() throws ParseException {
        Parsed p = Records.one(parser, Records.line(F, "{\"host\":{\"ip\":[\"fe80::1%12\",\"10.1.2.3\"]},\"winlog\":{\"event_id\":1,"
                + "\"event_data\":{\"UtcTime\":\"2026-11-02 09:31:13.877\",\"Image\":\"C:\\\\x.exe\"}}}"));
        assertThat(((ProcessStart) p.body()).getIp()).isEqualTo("10.1.2.3");
    }

    @Test
    void controlCharactersInsideJsonStringsNeverReachOutputFields() throws ParseException {
        Parsed p = Records.one(parser, Records.line(F, "{\"winlog\":{\"event_id\":1,\"provider_name\":\"Microsoft-Windows-Sysmon\","
                + "\"event_data\":{\"UtcTime\":\"2026-11-02 09:31:13.877\",\"Image\":\"C:\\\\x.exe\",\"CommandLine\":\"x.exe\\u0000\\u001b[2J\"}}}"));
        assertThat(((ProcessStart) p.body()).getCommandLine()).isEqualTo("x.exe  [2J");
    }
}
