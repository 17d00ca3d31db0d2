package io.peerwatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.SourceRef;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LiveEventTimeTest {
    private static final OutputTag<NormalizedEvent> LATE = new OutputTag<>("late", new AvroTypeInfo<>(NormalizedEvent.class));


    private static NormalizedEvent event(String id, long time) {
        NetworkFlow f = new NetworkFlow("tcp", "10.0.0.1", 1, "10.0.0.2", 2, time, time, 0L, 0L, 0L, 0L,
                null, null, null, null, null, null, null);
        return new NormalizedEvent(id, "zeek-conn", new SourceRef("kafka", "t", 0, 1L, -1L), "sha", time, "default", null, f);
    }

    private static OneInputStreamOperatorTestHarness<NormalizedEvent, NormalizedEvent> harness() throws Exception {
        return harness(1_000);
    }

    private static OneInputStreamOperatorTestHarness<NormalizedEvent, NormalizedEvent> harness(int maxBuffered) throws Exception {
        return harness(NormalizeConfig.builder().maxSortBuffer(maxBuffered).build());
    }

    private static OneInputStreamOperatorTestHarness<NormalizedEvent, NormalizedEvent> harness(NormalizeConfig cfg) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new LiveEventTime(cfg, LATE));
    }

    private static void send(OneInputStreamOperatorTestHarness<NormalizedEvent, NormalizedEvent> h, String id, long time) throws Exception {
        // arrives with its Kafka record timestamp (here an hour after the event): the output carries the event time
        h.processElement(new StreamRecord<>(event(id, time), time + 3_600_000L));
    }

    /** Output as "id@time" for events and "W time" for watermarks, in emission order. */
    private static List<String> emitted(OneInputStreamOperatorTestHarness<NormalizedEvent, NormalizedEvent> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                NormalizedEvent e = (NormalizedEvent) r.getValue();
                assertThat(r.getTimestamp()).isEqualTo(e.getEventTime());
                out.add(e.getEventId() + "@" + e.getEventTime());
            } else if (o instanceof Watermark w) {
                out.add("W " + w.getTimestamp());
            } else if (o instanceof WatermarkStatus s) {
                out.add(s.isIdle() ? "IDLE" : "ACTIVE");
            }
        }
        return out;
    }

    private static long unsorted(OneInputStreamOperatorTestHarness<NormalizedEvent, NormalizedEvent> h) {
        return ((LiveEventTime) h.getOneInputOperator()).unsortedCount();
    }

    @Test
    void eventsBehindTheWatermarkMinusTheAllowedLatenessGoToTheLateOutputCounted() throws Exception {
        try (var h = harness(NormalizeConfig.builder().allowedLateness(Duration.ofMinutes(1)).build())) {
            h.open();
            send(h, "before-any-watermark", 1_000L);
            h.processWatermark(new Watermark(600_000L));
            send(h, "within-lateness", 550_000L);
            send(h, "exactly-at-bound", 540_000L);
            send(h, "too-late", 539_999L);
            send(h, "on-time", 700_000L);
            h.processWatermark(new Watermark(700_000L));
            assertThat(emitted(h)).containsExactly("before-any-watermark@1000", "W 600000", "within-lateness@550000",
                    "exactly-at-bound@540000", "on-time@700000", "W 700000");
            assertThat(h.getSideOutput(LATE)).extracting(r -> r.getValue().getEventId() + "@" + r.getTimestamp())
                    .containsExactly("too-late@539999");
        }
    }

    @Test
    void sourceWatermarksAndIdleStatusPassThroughUnchanged() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processWatermark(new Watermark(500L));
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            h.processWatermarkStatus(WatermarkStatus.ACTIVE);
            assertThat(emitted(h)).containsExactly("W 500", "IDLE", "ACTIVE"); // the source's, not made from event times
        }
    }

    @Test
    void eventsLeaveInEventTimeOrderWhenTheWatermarkPassesThemAndBeforeIt() throws Exception {
        try (var h = harness()) {
            h.open();
            // a run of conn flows far ahead, then the leases of the same minutes (a subtask catching up)
            send(h, "conn-3", 3_000);
            send(h, "conn-9", 9_000);
            send(h, "lease-2", 2_000);
            send(h, "conn-1", 1_000);
            send(h, "lease-3", 3_000);
            assertThat(emitted(h)).as("nothing before the watermark").isEmpty();

            h.processWatermark(new Watermark(3_000));
            h.processWatermark(new Watermark(10_000));

            assertThat(emitted(h)).containsExactly("conn-1@1000", "lease-2@2000", "conn-3@3000", "lease-3@3000", "W 3000",
                    "conn-9@9000", "W 10000");
            assertThat(unsorted(h)).isZero();
        }
    }

    @Test
    void anEventBehindTheWatermarkLeavesAtOnceAndIsCountedAsUnsorted() throws Exception {
        try (var h = harness()) {
            h.open();
            send(h, "a", 5_000);
            h.processWatermark(new Watermark(5_000));
            send(h, "late-but-allowed", 4_000); // within the allowed lateness (5 min)
            send(h, "at-the-watermark", 5_000);
            send(h, "ahead", 6_000);

            assertThat(emitted(h)).containsExactly("a@5000", "W 5000", "late-but-allowed@4000", "at-the-watermark@5000");
            assertThat(unsorted(h)).as("only the one behind what was written").isEqualTo(1);
        }
    }

    @Test
    void anIdleInputFlushesTheBufferSoAQuietEstateIsNotHeldBack() throws Exception {
        try (var h = harness()) {
            h.open();
            send(h, "b", 2_000);
            send(h, "a", 1_000);
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            send(h, "older", 1_500); // after the flush: behind what was written
            send(h, "newer", 3_000);

            assertThat(emitted(h)).containsExactly("a@1000", "b@2000", "IDLE", "older@1500");
            assertThat(unsorted(h)).isEqualTo(1);
            assertThat(((LiveEventTime) h.getOneInputOperator()).buffered()).extracting(NormalizedEvent::getEventId)
                    .containsExactly("newer");
        }
    }

    @Test
    void aFullBufferWritesItsOldestEventsEarlyAndCountsThem() throws Exception {
        try (var h = harness(3)) {
            h.open();
            // a stalled partition keeps the watermark at 0 while the others deliver
            send(h, "d", 4_000);
            send(h, "b", 2_000);
            send(h, "c", 3_000);
            assertThat(emitted(h)).isEmpty();
            send(h, "e", 5_000); // a fourth: the oldest goes out
            send(h, "a", 1_000); // behind what was written: at once, unsorted
            assertThat(emitted(h)).containsExactly("b@2000", "a@1000");
            assertThat(((LiveEventTime) h.getOneInputOperator()).overflowCount()).isEqualTo(1);
            assertThat(unsorted(h)).isEqualTo(1);
            h.processWatermark(new Watermark(10_000));
            assertThat(emitted(h)).containsExactly("b@2000", "a@1000", "c@3000", "d@4000", "e@5000", "W 10000");
        }
    }

    @Test
    void theBufferSurvivesARestoreAndTheEndOfInputEmptiesIt() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            send(h, "x", 7_000);
            send(h, "w", 6_000);
            h.processWatermark(new Watermark(1_000));
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            send(h, "y", 6_500);
            h.processWatermark(new Watermark(6_500));
            assertThat(emitted(h)).containsExactly("w@6000", "y@6500", "W 6500");
            h.endInput();
            assertThat(emitted(h)).endsWith("x@7000");
        }
    }
}
