package io.peerwatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.SourceRef;
import java.time.Duration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class LateRouterTest {
    private static final OutputTag<NormalizedEvent> LATE = new OutputTag<>("late", new AvroTypeInfo<>(NormalizedEvent.class));

    private static NormalizedEvent event(String id, long time) {
        NetworkFlow f = new NetworkFlow("tcp", "10.0.0.1", 1, "10.0.0.2", 2, time, time, 0L, 0L, 0L, 0L,
                null, null, null, null, null, null, null);
        return new NormalizedEvent(id, "zeek-conn", new SourceRef("kafka", "t", 0, 1L, -1L), "sha", time, "default", null, f);
    }

    @Test
    void liveRunRoutesEventsBehindWatermarkMinusLatenessToTheLateOutput() throws Exception {
        NormalizeConfig cfg = NormalizeConfig.builder().allowedLateness(Duration.ofMinutes(1)).build();
        try (OneInputStreamOperatorTestHarness<NormalizedEvent, NormalizedEvent> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new LateRouter(cfg, LATE))) {
            h.processElement(new StreamRecord<>(event("before-any-watermark", 1_000L), 1_000L));
            h.processWatermark(new Watermark(600_000L));
            h.processElement(new StreamRecord<>(event("within-lateness", 550_000L), 550_000L));
            h.processElement(new StreamRecord<>(event("exactly-at-bound", 540_000L), 540_000L));
            h.processElement(new StreamRecord<>(event("too-late", 539_999L), 539_999L));
            h.processElement(new StreamRecord<>(event("on-time", 700_000L), 700_000L));
            assertThat(h.extractOutputValues()).extracting(NormalizedEvent::getEventId)
                    .containsExactly("before-any-watermark", "within-lateness", "exactly-at-bound", "on-time");
            assertThat(h.getSideOutput(LATE)).extracting(r -> r.getValue().getEventId()).containsExactly("too-late");
        }
    }

    @Test
    void boundedRunNeverRoutesAnythingLate() throws Exception {
        NormalizeConfig cfg = NormalizeConfig.builder().bounded(true).allowedLateness(Duration.ZERO).build();
        try (OneInputStreamOperatorTestHarness<NormalizedEvent, NormalizedEvent> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new LateRouter(cfg, LATE))) {
            h.processWatermark(new Watermark(600_000L));
            h.processElement(new StreamRecord<>(event("old", 1L), 1L));
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(h.getSideOutput(LATE)).isNullOrEmpty();
        }
    }
}
