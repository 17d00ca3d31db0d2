package io.peerwatch.normalize.parsers.hostlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.normalize.parse.ParseException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesAndTimesTest {

    @ParameterizedTest
    @CsvSource({
        "192.168.122.1, 192.168.122.1",
        "FD00:42:0:0:0:0:0:1A7, fd00:42::1a7",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "0:0:0:0:0:0:0:0, ::",
        "::1, ::1",
        "1::, 1::",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "::ffff:192.0.2.7, ::ffff:192.0.2.7",
        "::FFFF:c000:0207, ::ffff:192.0.2.7",
        "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
    })
    void addressesGetOneCanonicalForm(String in, String canonical) throws ParseException {
        assertThat(Ip.canonical(in, "t")).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.122.300", "192.168.122", "192.168.122.1.", "010.1.1.1", "1.2.3.4 ", "::1::", ":::", "1:2:3:4:5:6:7:8:9",
        "fe80::1%eth0", "12345::", "g::1", "1.2.3.4:80", "٣.1.1.1", "localhost", ""})
    void invalidAddressesAreRejected(String in) {
        assertThatThrownBy(() -> Ip.canonical(in, "t"))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.errorClass()).isEqualTo(ParseException.INVALID_ADDRESS));
    }

    @Test
    void mappedAddressesCanBeMadePlain() throws ParseException {
        assertThat(Ip.unmapped(Ip.canonical("::ffff:10.0.0.5", "t"))).isEqualTo("10.0.0.5");
        assertThat(Ip.isLocalOnly("fe80::1")).isTrue();
        assertThat(Ip.isLocalOnly("fd00::1")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"52:54:00:AB:CD:EF", "52-54-00-ab-cd-ef", "5254.00ab.cdef", "525400abcdef", "52:54:0:ab:cd:ef"})
    void macFormsNormalize(String in) throws ParseException {
        assertThat(Mac.normalize(in, "t")).isEqualTo("52:54:00:ab:cd:ef");
    }

    @ParameterizedTest
    @ValueSource(strings = {"52:54:00:ab:cd", "52:54:00:ab:cd:ef:01", "52:54:00:ab:cd:eg", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff",
        "52:54-00:ab:cd:ef", "525:4:00:ab:cd:ef"})
    void invalidMacsAreRejected(String in) {
        assertThatThrownBy(() -> Mac.normalize(in, "t")).isInstanceOf(ParseException.class);
    }

    @Test
    void duidMacOnlyFromEthernetLinkLayerDuids() throws ParseException {
        assertThat(Duid.macOf(Duid.normalize("00:03:00:01:52:54:00:aa:10:02", "t"))).isEqualTo("52:54:00:aa:10:02");
        assertThat(Duid.macOf(Duid.normalize("00:01:00:01:2e:8f:11:c0:52:54:00:3a:91:0c", "t"))).isEqualTo("52:54:00:3a:91:0c");
        assertThat(Duid.macOf(Duid.normalize("00:03:00:20:52:54:00:aa:10:02", "t"))).as("not Ethernet").isNull();
        assertThat(Duid.macOf(Duid.normalize("00:04:12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0", "t"))).as("DUID-UUID").isNull();
        assertThatThrownBy(() -> Duid.normalize("0:1:2", "t")).isInstanceOf(ParseException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-02T08:15:22.502230+00:00, 2026-11-02T08:15:22.502Z",
        "2026-11-02T09:15:22+0100, 2026-11-02T08:15:22Z",
        "2026-11-02 03:15:22.5-05, 2026-11-02T08:15:22.500Z",
        "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z",
        "2026-12-31t23:59:60z, 2026-12-31T23:59:59Z",
    })
    void isoTimestampsParse(String in, String expected) throws ParseException {
        assertThat(Times.iso(in, "t", false)).isEqualTo(Instant.parse(expected).toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T00:00:00Z", "2026-11-02T24:00:00Z", "2026-11-02T08:15:22", "2026-11-02T08:15:22+25:00",
        "1999-12-31T23:59:59Z", "2100-01-01T00:00:00Z", "2026-11-02T08:15:22.Z", "2026-11-02X08:15:22Z", "２026-11-02T08:15:22Z"})
    void impossibleOrOutOfRangeTimestampsAreRejected(String in) {
        assertThatThrownBy(() -> Times.iso(in, "t", false))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.errorClass()).isEqualTo(ParseException.INVALID_TIMESTAMP));
    }

    @Test
    void epochTextAndNumbers() throws ParseException {
        assertThat(Times.epochSecondsText("1793611200.117", "t")).isEqualTo(1793611200117L);
        assertThat(Times.epochSecondsText("1793611200.1", "t")).isEqualTo(1793611200100L);
        assertThat(Times.epochNumber(new java.math.BigDecimal("1793611200.5"), "t")).isEqualTo(1793611200500L);
        assertThat(Times.epochNumber(new java.math.BigDecimal("1793611200123"), "t")).isEqualTo(1793611200123L);
        assertThatThrownBy(() -> Times.epochSecondsText("-1", "t")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> Times.epochSecondsText("1793611200.", "t")).isInstanceOf(ParseException.class);
    }

    @Test
    void uuidsGetTheCanonicalForm() throws ParseException {
        assertThat(Uuids.canonical("{7C1E5B2A-93D4-4F0E-8D61-2B9F4C0A7E15}", "t")).isEqualTo("7c1e5b2a-93d4-4f0e-8d61-2b9f4c0a7e15");
        assertThat(Uuids.canonical("7c1e5b2a93d44f0e8d612b9f4c0a7e15", "t")).isEqualTo("7c1e5b2a-93d4-4f0e-8d61-2b9f4c0a7e15");
        assertThatThrownBy(() -> Uuids.canonical("7c1e5b2a-93d4-4f0e-8d61-2b9f4c0a7e1", "t")).isInstanceOf(ParseException.class);
    }

    @Test
    void guestTextIsEscapedNotDropped() {
        assertThat(RecordText.escapeControls("a\nb\u001bc", 100)).isEqualTo("a\\x0ab\\x1bc");
        assertThat(RecordText.singleLine("a\tb", 100)).isEqualTo("a b");
        assertThat(RecordText.bounded("x".repeat(10), 4)).isEqualTo("xxxx…");
    }
}
