package io.peerwatch.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void alignsNumbersRightAndTextLeftWithASeparatorBeforeTheTotal() {
        String t = new TextTable("FORMAT", "READ")
                .row("zeek-conn", 1234567L)
                .row("dnsmasq-dhcp", 66L)
                .separator()
                .row("total", 1234633L)
                .render();
        assertThat(t.split("\n")).containsExactly(
                "FORMAT             READ",
                "zeek-conn     1,234,567",
                "dnsmasq-dhcp         66",
                "-----------------------",
                "total         1,234,633");
    }
}
