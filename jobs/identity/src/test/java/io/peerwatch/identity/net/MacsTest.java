package io.peerwatch.identity.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MacsTest {

    @Test
    void macSpellingsMeetOnOneCanonicalForm() {
        assertThat(Macs.canonical("52:54:00:AB:CD:EF")).isEqualTo("52:54:00:ab:cd:ef");
        assertThat(Macs.canonical("52-54-00-ab-cd-ef")).isEqualTo("52:54:00:ab:cd:ef");
        assertThat(Macs.canonical("5254.00ab.cdef")).isEqualTo("52:54:00:ab:cd:ef");
        assertThat(Macs.canonical("2:54:0:ab:cd:ef")).isEqualTo("02:54:00:ab:cd:ef");
        assertThat(Macs.canonical("52:54:00:ab:cd")).isNull();
        assertThat(Macs.canonical("zz:54:00:ab:cd:ef")).isNull();
        assertThat(Macs.canonical(null)).isNull();
    }

    @Test
    void dhcpv6DuidsOfEthernetClientsGiveTheirMac() {
        assertThat(Macs.fromDuid("00:03:00:01:52:54:00:12:34:56")).as("DUID-LL").isEqualTo("52:54:00:12:34:56");
        assertThat(Macs.fromDuid("00:01:00:01:2a:3b:4c:5d:52:54:00:12:34:56")).as("DUID-LLT").isEqualTo("52:54:00:12:34:56");
        assertThat(Macs.fromDuid("000100012a3b4c5d525400123456")).as("plain hex").isEqualTo("52:54:00:12:34:56");
        assertThat(Macs.fromDuid("00:02:00:00:ab:11:01:02:03:04")).as("DUID-EN has no MAC").isNull();
        assertThat(Macs.fromDuid("00:03:00:06:52:54:00:12:34:56")).as("not Ethernet").isNull();
        assertThat(Macs.fromDuid("00:04:8f:6e")).isNull();
    }
}
