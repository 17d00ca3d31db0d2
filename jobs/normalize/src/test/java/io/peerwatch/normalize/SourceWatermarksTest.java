package io.peerwatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.RawRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceWatermarksTest {

    /** The watermark a fresh per-partition generator of {@code cfg} emits after one record of {@code format}. */
    private static long watermarkAfter(NormalizeConfig cfg, String format, long kafkaTimestamp) {
        // idleness off: the idleness wrapper needs a runtime clock; it does not change the watermark value
        var strategy = SourceWatermarks.rawTopics(cfg.toBuilder().idleness(Duration.ZERO).build());
        RawRecord r = RawRecord.fromKafka(format, "raw." + format, 0, 0L, kafkaTimestamp, "x".getBytes());
        long ts = strategy.createTimestampAssigner(null).extractTimestamp(r, kafkaTimestamp);
        var generator = strategy.createWatermarkGenerator(null);
        List<Long> emitted = new java.util.ArrayList<>();
        var out = new org.apache.flink.api.common.eventtime.WatermarkOutput() {
            @Override public void emitWatermark(org.apache.flink.api.common.eventtime.Watermark w) { emitted.add(w.getTimestamp()); }
            @Override public void markIdle() {}
            @Override public void markActive() {}
        };
        generator.onEvent(r, ts, out);
        generator.onPeriodicEmit(out);
        return emitted.get(emitted.size() - 1);
    }

    @Test
    void aFormatDeliveredLateByDesignHoldsItsPartitionsWatermarkBackByItsSourceDelay() {
        long appended = 10_000_000L;
        long thirtySeconds = 30_000L;
        // bounded out-of-orderness emits (max timestamp - out-of-orderness - 1)
        assertThat(watermarkAfter(NormalizeConfig.defaults(), "zeek-conn", appended)).isEqualTo(appended - thirtySeconds - 1);
        assertThat(watermarkAfter(NormalizeConfig.defaults(), "aws-vpc-flow", appended))
                .as("VPC flow logs: 20 min default source delay").isEqualTo(appended - Duration.ofMinutes(20).toMillis() - thirtySeconds - 1);
        NormalizeConfig custom = NormalizeConfig.builder().sourceDelay("aws-vpc-flow", Duration.ZERO)
                .sourceDelay("goflow2", Duration.ofMinutes(3)).build();
        assertThat(watermarkAfter(custom, "aws-vpc-flow", appended)).isEqualTo(appended - thirtySeconds - 1);
        assertThat(watermarkAfter(custom, "goflow2", appended)).isEqualTo(appended - Duration.ofMinutes(3).toMillis() - thirtySeconds - 1);
    }

    @Test
    void sourceWatermarksAreMadeFromTheKafkaRecordTimestampNotFromTheRawBytes() {
        RawRecord r = RawRecord.fromKafka("zeek-conn", "raw", 0, 7L, 42_000L, "{\"ts\":1.0}".getBytes());
        var strategy = SourceWatermarks.rawTopics(NormalizeConfig.defaults());
        assertThat(strategy.createTimestampAssigner(null).extractTimestamp(r, 42_000L)).isEqualTo(42_000L);
        // idleness 0 means "never idle", not an invalid strategy
        var neverIdle = SourceWatermarks.rawTopics(NormalizeConfig.builder().idleness(Duration.ZERO).build());
        assertThat(neverIdle.createTimestampAssigner(null).extractTimestamp(r, 42_000L)).isEqualTo(42_000L);
    }
}
