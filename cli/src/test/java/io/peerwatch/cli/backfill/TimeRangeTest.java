package io.peerwatch.cli.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.common.Formats;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeRangeTest {
    static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-14T00:00:00Z");
    final TimeRange range = TimeRange.of(FROM, TO, Duration.ofDays(7));

    @Test
    void activityIsCutToFromUntilToExclusive() {
        assertThat(range.contains(Formats.ZEEK_CONN, FROM.toEpochMilli())).isTrue();
        assertThat(range.contains(Formats.ZEEK_CONN, FROM.toEpochMilli() - 1)).isFalse();
        assertThat(range.contains(Formats.ZEEK_CONN, TO.toEpochMilli() - 1)).isTrue();
        assertThat(range.contains(Formats.ZEEK_CONN, TO.toEpochMilli())).isFalse();
    }

    @Test
    void identityFactsReachBackByTheLookbackAndDefinitionsByAnyTime() {
        long weekBefore = FROM.minus(Duration.ofDays(7)).toEpochMilli();
        assertThat(range.contains(Formats.DNSMASQ_DHCP, weekBefore)).isTrue();
        assertThat(range.contains(Formats.DNSMASQ_DHCP, weekBefore - 1)).isFalse();
        assertThat(range.contains(Formats.LIBVIRT_DOMXML, Instant.parse("2025-01-01T00:00:00Z").toEpochMilli())).isTrue();
        assertThat(range.contains(Formats.LIBVIRT_DOMXML, TO.toEpochMilli())).isFalse();
    }

    @Test
    void anEmptyOrBackwardRangeIsRejected() {
        assertThatThrownBy(() -> TimeRange.of(TO, FROM, Duration.ZERO)).hasMessageContaining("--to must be after --from");
        assertThatThrownBy(() -> TimeRange.of(FROM, FROM, Duration.ZERO)).hasMessageContaining("--to must be after --from");
    }
}
