package io.peerwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void summaryShowsEachFigureWithItsTargetAndVerdict() {
        Report r = new Report(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        r.add(Figure.withTarget("normalize", "normalize / plain consume", 0.31, "x raw consume", 0.25));
        r.add(Figure.withTarget("parsers", "parser auditd", 150_000, "records/s", 300_000));
        r.add(Figure.of("normalize", "plain consumer", 2_500_000, "records/s"));
        r.note("backfill", "FAILED: something");

        String s = r.summary();
        assertThat(s).contains("0.310 x raw consume").contains(">= 0.250 x raw consume").contains("pass");
        assertThat(s).contains("150,000 records/s").contains("miss (50% of target)");
        assertThat(s).contains("2,500,000 records/s");
        assertThat(s).contains("note: backfill: FAILED: something");
        assertThat(s.lines().filter(l -> l.startsWith("normalize"))).hasSize(2);
    }

    @Test
    void aFigureWithoutTargetHasNoVerdict() {
        assertThat(Figure.of("x", "y", 1.5, "events/s").verdict()).isEmpty();
        assertThat(Figure.withTarget("x", "y", 200_000, "events/s", 200_000).verdict()).isEqualTo("pass");
    }
}
