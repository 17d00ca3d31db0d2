package io.peerwatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.RawRecord;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.SourceRef;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class EventTimeStamperTest {

    private static NormalizedEvent event(String id, long time) {
        NetworkFlow f = new NetworkFlow("tcp", "10.0.0.1", 1, "10.0.0.2", 2, time, time, 0L, 0L, 0L, 0L,
                null, null, null, null, null, null, null);
        return new NormalizedEvent(id, "zeek-conn", new SourceRef("kafka", "t", 0, 1L, -1L), "sha", time, "default", null, f);
    }

    @Test
    void eventsGetTheirEventTimeAsTimestampWhileSourceWatermarksAndIdlenessPassThroughUnchanged() throws Exception {
        try (OneInputStreamOperatorTestHarness<NormalizedEvent, NormalizedEvent> h =
                     new OneInputStreamOperatorTestHarness<>(new EventTimeStamper())) {
            h.open();
            // arrives with the Kafka record timestamp (here: appended an hour after the event)
            h.processElement(new StreamRecord<>(event("a", 1_000L), 3_601_000L));
            h.processWatermark(new Watermark(500L));
            h.processElement(new StreamRecord<>(event("b", 2_000L), 3_602_000L));
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            h.processWatermarkStatus(WatermarkStatus.ACTIVE);

            List<Object> out = List.copyOf(h.getOutput());
            assertThat(out).hasSize(5);
            assertThat(((StreamRecord<?>) out.get(0)).getTimestamp()).isEqualTo(1_000L);
            assertThat(out.get(1)).isEqualTo(new Watermark(500L)); // the source's, not one made from event times
            assertThat(((StreamRecord<?>) out.get(2)).getTimestamp()).isEqualTo(2_000L);
            assertThat(out.get(3)).isEqualTo(WatermarkStatus.IDLE);
            assertThat(out.get(4)).isEqualTo(WatermarkStatus.ACTIVE);
        }
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
