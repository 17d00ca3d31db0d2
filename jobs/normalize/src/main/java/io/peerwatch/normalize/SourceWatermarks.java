package io.peerwatch.normalize;

import io.peerwatch.common.RawRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of the live job, generated inside the Kafka source: Flink's KafkaSource runs one watermark
 * generator per partition (split) and emits the minimum over them, so a partition that is read faster than
 * another (one subtask reading a 20k-record topic and a 2k-record topic of the same hours during a backlog)
 * cannot push the watermark past records the slower partition has not delivered yet. A generator after
 * parsing sees only one interleaved stream and cannot know that; it made most of a backlog "late".
 *
 * <p>The time is the Kafka record timestamp ({@link RawRecord#sourceTimestamp}): the only time known before
 * parsing. Log shippers set it to the log line's time or to the append time, both close to and not before
 * the event time of well-behaved logs; generated scenarios set it to the event time. Records keep their
 * parsed event time as Flink timestamp after parsing ({@link LiveEventTime}); only the watermark comes
 * from here.
 *
 * <p>No watermark alignment ({@code withWatermarkAlignment}): measured here (Flink 2.2.1, connector
 * 5.0.0-2.2) on a 165k-record two-topic backlog it made catch-up 4x slower without making the output more
 * ordered (a single Kafka fetch spans hours of a sparse topic before any pause takes effect), and these
 * versions have open alignment bugs (FLINK-40093: a paused split that turns idle is never resumed, fixed in
 * 2.2.2; FLINK-39728: pausing a finished split throws, fixed after connector 5.0.0).
 */
public final class SourceWatermarks {
    private SourceWatermarks() {}

    /**
     * Bounded out-of-orderness ({@code cfg.outOfOrderness()}) on the Kafka record timestamp minus the FORMAT's
     * {@linkplain NormalizeConfig#sourceDelays() source delay}, per partition; a
     * partition without records for {@code cfg.idleness()} stops holding the watermark back (0 = never).
     */
    public static WatermarkStrategy<RawRecord> rawTopics(NormalizeConfig cfg) {
        // a FORMAT delivered late by design (VPC flow logs) counts as happening its source delay before its Kafka
        // timestamp; one partition holds one FORMAT, so this holds back that partition's watermark only
        WatermarkStrategy<RawRecord> s = WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(cfg.outOfOrderness())
                .withTimestampAssigner((r, kafkaTimestamp) -> r.sourceTimestamp - cfg.sourceDelayMillis(r.format));
        return cfg.idleness().isZero() ? s : s.withIdleness(cfg.idleness());
    }
}
