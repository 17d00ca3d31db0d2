package io.peerwatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NormalizeCountsTest {

    private static Map<String, Object> acc(String format, long read, long normalized, long dead, long skipped) {
        Map<String, Object> m = new HashMap<>();
        m.put(NormalizeCounts.accumulatorName(format, NormalizeCounts.READ), read);
        m.put(NormalizeCounts.accumulatorName(format, NormalizeCounts.NORMALIZED), normalized);
        m.put(NormalizeCounts.accumulatorName(format, NormalizeCounts.DEADLETTERED), dead);
        m.put(NormalizeCounts.accumulatorName(format, NormalizeCounts.SKIPPED), skipped);
        return m;
    }

    @Test
    void reconcilesOnlyWhenEveryRecordIsAccountedFor() {
        Map<String, Object> ok = acc("zeek-conn", 10, 7, 2, 1);
        ok.putAll(acc("aws-vpc-flow", 3, 1, 0, 2));
        ok.put(NormalizeCounts.skipReasonAccumulatorName("aws-vpc-flow", "NODATA"), 2L);
        ok.put("some-other-accumulator", 5L);
        NormalizeCounts c = NormalizeCounts.fromAccumulators(ok);
        assertThat(c.reconciles()).isTrue();
        assertThat(c.rows()).containsOnlyKeys("zeek-conn", "aws-vpc-flow");
        assertThat(c.total().read()).isEqualTo(13);
        assertThat(c.row("aws-vpc-flow").skipReasons()).containsEntry("NODATA", 2L);
        assertThat(c.toTable()).contains("aws-vpc-flow").contains("NODATA").doesNotContain("WARNING");

        NormalizeCounts broken = NormalizeCounts.fromAccumulators(acc("zeek-conn", 10, 7, 2, 0));
        assertThat(broken.reconciles()).isFalse();
        assertThat(broken.toTable()).contains("WARNING");
    }

    @Test
    void skipReasonKeysAreShortAndStable() {
        assertThat(NormalizeCounts.reasonKey("partial (waiting for the rest of the audit event)")).isEqualTo("partial");
        assertThat(NormalizeCounts.reasonKey("header")).isEqualTo("header");
        assertThat(NormalizeCounts.reasonKey("a|b: detail")).isEqualTo("a/b");
        assertThat(NormalizeCounts.reasonKey(null)).isEqualTo("unspecified");
        assertThat(NormalizeCounts.reasonKey("x".repeat(100))).hasSize(40);
    }
}
