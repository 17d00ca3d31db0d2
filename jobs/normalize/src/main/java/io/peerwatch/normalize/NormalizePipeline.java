package io.peerwatch.normalize;

import io.peerwatch.common.RawRecord;
import io.peerwatch.schema.DeadLetter;
import io.peerwatch.schema.NormalizedEvent;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * raw records → guard → parser of their FORMAT → NormalizedEvent, as a function of streams (no I/O here).
 *
 * <p>All operators run at the parallelism of the raw stream and are chained to it (forward, no shuffle): a
 * parser's per-source state (a Zeek TSV header, a VPC flow log header line, an auditd event being assembled)
 * must see that source's records in their order. Every event's Flink timestamp is its own event time, set
 * after parsing.
 *
 * <p>Watermarks: live runs take them from the raw stream, i.e. from its source, where the KafkaSource generates
 * them per partition ({@link SourceWatermarks#rawTopics}); none are generated here, because after parsing one
 * subtask's partitions are interleaved and a watermark generated from that mix runs ahead of the slower
 * partitions. A live raw stream without watermarks therefore never makes anything late (nor advances time
 * downstream). Live runs: {@link LiveEventTime} (one operator: timestamps, late routing, event-time order).
 * Bounded runs ({@code cfg.bounded()}): timestamps only, no watermark until the final MAX watermark, nothing late.
 */
public final class NormalizePipeline {
    public static final String PARSE_UID = "normalize-parse";
    public static final String BOUNDED_TIME_UID = "normalize-event-time";
    public static final String LIVE_TIME_UID = "normalize-live-event-time";

    private NormalizePipeline() {}

    public static NormalizeOutputs build(DataStream<RawRecord> raw, NormalizeConfig cfg) {
        AvroTypeInfo<NormalizedEvent> eventType = new AvroTypeInfo<>(NormalizedEvent.class);
        OutputTag<DeadLetter> deadTag = new OutputTag<>("normalize-dead-letters", new AvroTypeInfo<>(DeadLetter.class));
        OutputTag<NormalizedEvent> lateTag = new OutputTag<>("normalize-late", eventType);
        int parallelism = raw.getParallelism();

        SingleOutputStreamOperator<NormalizedEvent> parsed = raw
                .transform("normalize: guard + parse", eventType, NormalizeOperator.of(cfg, deadTag))
                .uid(PARSE_UID);
        if (cfg.bounded()) {
            SingleOutputStreamOperator<NormalizedEvent> timed = parsed
                    .assignTimestampsAndWatermarks(WatermarkStrategy.<NormalizedEvent>noWatermarks()
                            .withTimestampAssigner((e, ts) -> e.getEventTime()))
                    .name("normalize: event time (bounded)").uid(BOUNDED_TIME_UID);
            if (parallelism > 0) {
                parsed.setParallelism(parallelism);
                timed.setParallelism(parallelism);
            }
            // nothing is late in a bounded run: the late stream is a side output nobody writes to
            return new NormalizeOutputs(timed, parsed.getSideOutput(deadTag), parsed.getSideOutput(lateTag));
        }
        SingleOutputStreamOperator<NormalizedEvent> live = parsed
                .transform("normalize: event time, late, order", eventType, new LiveEventTime(cfg, lateTag))
                .uid(LIVE_TIME_UID);
        if (parallelism > 0) {
            parsed.setParallelism(parallelism);
            live.setParallelism(parallelism);
        }
        return new NormalizeOutputs(live, parsed.getSideOutput(deadTag), live.getSideOutput(lateTag));
    }
}
