package io.peerwatch.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    @Test
    void lineShowsReadOfTotalEventTimeRateAndEta() {
        try (ProgressReporter r = new ProgressReporter(new PrintWriter(new StringWriter()), "backfill", false,
                Duration.ofHours(1), () -> Progress.NONE)) {
            long t = Instant.parse("2026-11-02T03:14:00Z").toEpochMilli();
            String line = r.format(new Progress(250_000, 1_000_000, t, "2 incidents"), Duration.ofSeconds(10));
            assertThat(line).isEqualTo("[backfill] 250.0k / ~1.00M records (25%)  event time 2026-11-02T03:14:00Z"
                    + "  25.0k rec/s  ETA 30s  2 incidents");
        }
    }

    @Test
    void unknownTotalAndEventTimeAreLeftOut() {
        try (ProgressReporter r = new ProgressReporter(new PrintWriter(new StringWriter()), "normalize", false,
                Duration.ofHours(1), () -> Progress.NONE)) {
            assertThat(r.format(new Progress(0, -1, Long.MIN_VALUE, ""), Duration.ofSeconds(1)))
                    .isEqualTo("[normalize] 0 records  0 rec/s");
        }
    }

    @Test
    void nonInteractiveReporterPrintsWholeLinesPeriodically() throws Exception {
        StringWriter sink = new StringWriter();
        java.util.concurrent.CountDownLatch twoReadings = new java.util.concurrent.CountDownLatch(2);
        try (ProgressReporter r = new ProgressReporter(new PrintWriter(sink), "x", false, Duration.ofMillis(20), () -> {
            twoReadings.countDown();
            return new Progress(5, 10, Long.MIN_VALUE, "");
        })) {
            assertThat(twoReadings.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        assertThat(sink.toString()).contains("[x] 5 / ~10 records (50%)").doesNotContain("\r");
    }
}
