package io.peerwatch.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeConvertersTest {
    @Test
    void instantsAcceptIsoWithAndWithoutOffsetDatesAndEpochMillis() {
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        assertThat(TimeConverters.parseInstant("2026-11-01T00:00:00Z")).isEqualTo(t);
        assertThat(TimeConverters.parseInstant("2026-11-01T02:00:00+02:00")).isEqualTo(t);
        assertThat(TimeConverters.parseInstant("2026-11-01T00:00")).isEqualTo(t);
        assertThat(TimeConverters.parseInstant("2026-11-01")).isEqualTo(t);
        assertThat(TimeConverters.parseInstant(Long.toString(t.toEpochMilli()))).isEqualTo(t);
        assertThatThrownBy(() -> TimeConverters.parseInstant("1 November")).hasMessageContaining("is not a time");
    }

    @Test
    void durationsAcceptShortUnitsAndIso() {
        assertThat(TimeConverters.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(TimeConverters.parseDuration("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(TimeConverters.parseDuration("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(TimeConverters.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TimeConverters.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(TimeConverters.parseDuration("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(TimeConverters.parseDuration("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(TimeConverters.parseDuration("P3D")).isEqualTo(Duration.ofDays(3));
        assertThatThrownBy(() -> TimeConverters.parseDuration("soon")).hasMessageContaining("is not a duration");
    }
}
