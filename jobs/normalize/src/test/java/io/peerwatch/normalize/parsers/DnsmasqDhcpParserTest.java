package io.peerwatch.normalize.parsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.AddressBinding;
import io.peerwatch.schema.BindingAction;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsmasqDhcpParserTest {
    private static final String F = Formats.DNSMASQ_DHCP;
    private final NormalizeConfig cfg = NormalizeConfig.builder().syslogDefaultYear(2026).build();
    private final DnsmasqDhcpParser parser = new DnsmasqDhcpParser(cfg);

    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static AddressBinding body(Parsed p) {
        return (AddressBinding) p.body();
    }

    @Test
    void rfc3339FixtureGivesBindingsReleasesAndCountedSkips() {
        List<RawRecord> records = Records.read(F, Records.fixture(F, "rfc3339.log"));
        Records.Result r = Records.parseAll(parser, records);
        assertThat(r.errors()).isEmpty();
        assertThat(r.events().size() + r.skips().size()).isEqualTo(records.size());
        assertThat(r.events()).extracting(p -> body(p).getAction() + " " + body(p).getAddress()).containsExactly(
                "BIND 192.168.122.87", "BIND 192.168.122.88", "BIND fd00:42::1a7", "BIND fd00:42::1b2", "BIND 192.168.122.90",
                "RELEASE 192.168.122.87", "RELEASE 192.168.122.91", "RELEASE fd00:42::1a7", "EXPIRE 192.168.122.88");
        assertThat(r.skips()).contains("DHCPOFFER (no binding: the server's DHCPACK/DHCPREPLY carries it)",
                "not a dnsmasq message (program 'systemd')", "dnsmasq message without a binding");
    }

    @Test
    void ackCarriesMacHostnameInterfaceScopeAndSensor() throws ParseException {
        Parsed p = Records.one(parser, Records.line(F,
                "2026-11-02T08:15:22.502230+00:00 kvm-host-07 dnsmasq-dhcp[2204]: DHCPACK(virbr0) 192.168.122.87 52:54:00:3A:91:0C build-runner-3"));
        assertThat(p.eventTime()).isEqualTo(t("2026-11-02T08:15:22.502Z"));
        assertThat(p.networkScope()).isEqualTo("virbr0");
        assertThat(p.sensor()).isEqualTo("kvm-host-07");
        AddressBinding b = body(p);
        assertThat(b.getAction()).isEqualTo(BindingAction.BIND);
        assertThat(b.getMac()).isEqualTo("52:54:00:3a:91:0c");
        assertThat(b.getHostname()).isEqualTo("build-runner-3");
        assertThat(b.getInterfaceName()).isEqualTo("virbr0");
        assertThat(b.getClientId()).isNull();
    }

    @Test
    void dhcpv6ReplyKeepsTheDuidAndTakesTheMacFromALinkLayerDuid() throws ParseException {
        AddressBinding llt = body(Records.one(parser, Records.line(F,
                "2026-11-02T08:20:05.790600+00:00 kvm-host-07 dnsmasq-dhcp[2204]: DHCPREPLY(virbr0) fd00:42:0:0:0:0:0:1a7 "
                        + "00:01:00:01:2e:8f:11:c0:52:54:00:3a:91:0c build-runner-3")));
        assertThat(llt.getAddress()).isEqualTo("fd00:42::1a7");
        assertThat(llt.getClientId()).isEqualTo("00:01:00:01:2e:8f:11:c0:52:54:00:3a:91:0c");
        assertThat(llt.getMac()).isEqualTo("52:54:00:3a:91:0c");
        AddressBinding en = body(Records.one(parser, Records.line(F,
                "2026-11-02T08:21:13.004400+00:00 kvm-host-07 dnsmasq-dhcp[2204]: DHCPREPLY(virbr0) fd00:42::1b2 "
                        + "00:02:00:00:ab:11:9c:2f:41:d3:5e:77:b1:04 win-agent-2")));
        assertThat(en.getMac()).as("an enterprise DUID holds no MAC").isNull();
        assertThat(en.getClientId()).isEqualTo("00:02:00:00:ab:11:9c:2f:41:d3:5e:77:b1:04");
    }

    @Test
    void releaseWithDnsmasqRemarkHasNoHostname() throws ParseException {
        AddressBinding b = body(Records.one(parser, Records.line(F,
                "2026-11-02T08:40:12.661000+00:00 kvm-host-07 dnsmasq-dhcp[2204]: DHCPRELEASE(virbr0) 192.168.122.91 52:54:00:77:20:aa unknown lease")));
        assertThat(b.getAction()).isEqualTo(BindingAction.RELEASE);
        assertThat(b.getHostname()).isNull();
    }

    @Test
    void rfc3164UsesTheConfiguredYearAndZone() {
        NormalizeConfig berlin = NormalizeConfig.builder().syslogDefaultYear(2026).syslogZone(ZoneId.of("Europe/Berlin")).build();
        List<RawRecord> records = Records.read(F, Records.fixture(F, "rfc3164.log"));
        Records.Result r = Records.parseAll(new DnsmasqDhcpParser(berlin), records);
        assertThat(r.errors()).isEmpty();
        assertThat(r.events()).hasSize(5);
        // Berlin is UTC+1 in November: 09:15:22 local is 08:15:22Z
        assertThat(r.events().get(0).eventTime()).isEqualTo(t("2026-11-02T08:15:22Z"));
        assertThat(r.events().get(1).eventTime()).isEqualTo(t("2026-11-12T22:59:59Z"));
        assertThat(r.events().get(0).networkScope()).isEqualTo("br-tenant-a");
        assertThat(r.events().get(1).networkScope()).as("same address, other network").isEqualTo("br-tenant-b");
        // <PRI> prefix and RFC 5424 (with and without structured data) carry their own zone
        assertThat(body(r.events().get(2)).getAction()).isEqualTo(BindingAction.RELEASE);
        assertThat(r.events().get(3).eventTime()).isEqualTo(t("2026-11-02T09:05:00.500Z"));
        assertThat(r.events().get(4).eventTime()).isEqualTo(t("2026-11-02T10:06:00Z"));
        assertThat(body(r.events().get(4)).getMac()).isEqualTo("52:54:00:aa:10:02");
    }

    @Test
    void rfc3164YearComesFromConfiguration() throws ParseException {
        NormalizeConfig y2025 = NormalizeConfig.builder().syslogDefaultYear(2025).build();
        Parsed p = Records.one(new DnsmasqDhcpParser(y2025), Records.line(F,
                "Dec 31 23:59:59 h dnsmasq-dhcp[1]: DHCPACK(virbr0) 192.168.122.2 52:54:00:00:00:01"));
        assertThat(p.eventTime()).isEqualTo(t("2025-12-31T23:59:59Z"));
    }

    @Test
    void everyBadLineIsAParseErrorWithItsClass() {
        List<RawRecord> records = Records.read(F, Records.fixture(F, "bad.log"));
        Records.Result r = Records.parseAll(parser, records);
        assertThat(r.events()).isEmpty();
        assertThat(r.skips()).isEmpty();
        assertThat(r.errors()).hasSize(records.size());
        assertThat(r.errors().get(0)).contains(ParseException.INVALID_ADDRESS);
        assertThat(r.errors().get(1)).contains(ParseException.INVALID_ADDRESS);
        assertThat(r.errors().get(2)).contains(ParseException.MISSING_FIELD);
        assertThat(r.errors().get(3)).contains(ParseException.INVALID_TIMESTAMP);
        assertThat(r.errors().get(4)).contains(ParseException.INVALID_TIMESTAMP);
        assertThat(r.errors().get(5)).contains(ParseException.MALFORMED);
        assertThat(r.errors().get(6)).contains(ParseException.INVALID_ADDRESS);
        assertThat(r.errors().get(7)).contains(ParseException.INVALID_ADDRESS);
    }

    @Test
    void controlCharactersAndInvalidUtf8AreRejected() {
        assertThatThrownBy(() -> parser.parse(Records.line(F, "2026-11-02T08:15:22Z h dnsmasq-dhcp[1]: DHCPACK(virbr0) 10.0.0.1 52:54:00:00:00:01 a\u0007b")))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.errorClass()).isEqualTo(ParseException.CONTROL_CHARACTERS));
        RawRecord bad = Records.line(F, "x");
        bad.bytes = new byte[] {'2', '0', (byte) 0xC3, (byte) 0x28};
        assertThatThrownBy(() -> parser.parse(bad))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.errorClass()).isEqualTo(ParseException.INVALID_UTF8));
    }

    @Test
    void everyLineOfTheDevDataParses() {
        Path file = Records.devData().map(d -> d.resolve("dnsmasq-dhcp/dhcp.log")).orElse(null);
        assumeTrue(file != null && file.toFile().isFile(), "dev data not present");
        List<RawRecord> records = Records.read(F, file);
        Records.Result r = Records.parseAll(parser, records);
        assertThat(r.errors()).isEmpty();
        assertThat(r.skips()).isEmpty();
        assertThat(r.events()).hasSize(records.size());
        assertThat(r.events()).allSatisfy(p -> {
            assertThat(p.networkScope()).isEqualTo("virbr0");
            assertThat(body(p).getMac()).startsWith("52:54:00:");
        });
    }
}
