package io.peerwatch.common.time;

import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.NormalizedEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time is decided once, from the record's own time (never processing time), so that live runs and
 * replays see the same order. Order-sensitive operators buffer until the watermark passes and process in
 * (event time, eventId) order; that makes results independent of arrival order and parallelism.
 */
public final class EventTime {
    /** Default bound on out-of-order arrival in live streams. */
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(30);
    /** A source partition with no data for this long stops holding the watermark back. */
    public static final Duration DEFAULT_IDLENESS = Duration.ofSeconds(10);

    private EventTime() {}

    public static WatermarkStrategy<NormalizedEvent> normalized(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<NormalizedEvent>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((e, ts) -> e.getEventTime())
                .withIdleness(idleness);
    }

    public static WatermarkStrategy<AttributedEvent> attributed(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<AttributedEvent>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((e, ts) -> e.getEvent().getEventTime())
                .withIdleness(idleness);
    }
}
