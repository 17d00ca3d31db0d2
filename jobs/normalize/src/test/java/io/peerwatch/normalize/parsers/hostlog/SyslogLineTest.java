package io.peerwatch.normalize.parsers.hostlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.normalize.parse.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SyslogLineTest {
    private final SyslogLine.Rfc3164Defaults utc2026 = new SyslogLine.Rfc3164Defaults(2026, ZoneOffset.UTC);

    @Test
    void rfc3339LineSplitsIntoHostProgramAndMessage() throws ParseException {
        SyslogLine l = SyslogLine.parse("2026-11-02T00:00:02.000000+00:00 kvm-host-01 dnsmasq-dhcp[1187]: DHCPACK(virbr0) x", utc2026);
        assertThat(l.millis()).isEqualTo(Instant.parse("2026-11-02T00:00:02Z").toEpochMilli());
        assertThat(l.zoned()).isTrue();
        assertThat(l.host()).isEqualTo("kvm-host-01");
        assertThat(l.program()).isEqualTo("dnsmasq-dhcp");
        assertThat(l.message()).isEqualTo("DHCPACK(virbr0) x");
    }

    @Test
    void rfc3164UsesYearAndZoneAcrossDaylightSaving() throws ParseException {
        SyslogLine.Rfc3164Defaults ny = new SyslogLine.Rfc3164Defaults(2026, ZoneId.of("America/New_York"));
        // DST ends on 2026-11-01 in New York: EDT (UTC-4) before, EST (UTC-5) after
        assertThat(SyslogLine.parse("Oct 31 12:00:00 h p: m", ny).millis()).isEqualTo(Instant.parse("2026-10-31T16:00:00Z").toEpochMilli());
        assertThat(SyslogLine.parse("Nov  2 12:00:00 h p: m", ny).millis()).isEqualTo(Instant.parse("2026-11-02T17:00:00Z").toEpochMilli());
        assertThat(SyslogLine.parse("Nov  2 12:00:00 h p: m", ny).zoned()).isFalse();
    }

    @Test
    void rfc5424WithStructuredDataAndNilFields() throws ParseException {
        SyslogLine l = SyslogLine.parse("<30>1 2026-11-02T10:06:00Z - dnsmasq-dhcp 3121 - [a b=\"c]d\"][e] the message", utc2026);
        assertThat(l.host()).isNull();
        assertThat(l.program()).isEqualTo("dnsmasq-dhcp");
        assertThat(l.message()).isEqualTo("the message");
    }

    @Test
    void brokenEnvelopesAreMalformed() {
        for (String s : new String[] {"", "Nov  2 12:00:00", "Foo  2 12:00:00 h p: m", "<999>Nov  2 12:00:00 h p: m", "2026-11-02T00:00:02Z",
            "<30>1 2026-11-02T10:06:00Z h p 1 - [unterminated"}) {
            assertThatThrownBy(() -> SyslogLine.parse(s, utc2026)).as(s).isInstanceOf(ParseException.class);
        }
    }
}
