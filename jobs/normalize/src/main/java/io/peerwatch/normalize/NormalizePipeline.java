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
 * downstream). Bounded runs ({@code cfg.bounded()}) emit no watermark until the final MAX watermark.
 */
public final class NormalizePipeline {
    public static final String PARSE_UID = "normalize-parse";
    public static final String TIMESTAMPS_UID = "normalize-event-time";
    public static final String LATE_UID = "normalize-late-router";

    private NormalizePipeline() {}

    public static NormalizeOutputs build(DataStream<RawRecord> raw, NormalizeConfig cfg) {
        AvroTypeInfo<NormalizedEvent> eventType = new AvroTypeInfo<>(NormalizedEvent.class);
        OutputTag<DeadLetter> deadTag = new OutputTag<>("normalize-dead-letters", new AvroTypeInfo<>(DeadLetter.class));
        OutputTag<NormalizedEvent> lateTag = new OutputTag<>("normalize-late", eventType);
        int parallelism = raw.getParallelism();

        SingleOutputStreamOperator<NormalizedEvent> parsed = raw
                .transform("normalize: guard + parse", eventType, NormalizeOperator.of(cfg, deadTag))
                .uid(PARSE_UID);
        SingleOutputStreamOperator<NormalizedEvent> timed = cfg.bounded()
                ? parsed.assignTimestampsAndWatermarks(WatermarkStrategy.<NormalizedEvent>noWatermarks()
                                .withTimestampAssigner((e, ts) -> e.getEventTime()))
                        .name("normalize: event time (bounded)").uid(TIMESTAMPS_UID)
                : parsed.transform("normalize: event time (source watermarks)", eventType, new EventTimeStamper())
                        .uid(TIMESTAMPS_UID);
        SingleOutputStreamOperator<NormalizedEvent> routed = timed
                .process(new LateRouter(cfg, lateTag), eventType)
                .name("normalize: route late events").uid(LATE_UID);
        if (parallelism > 0) {
            parsed.setParallelism(parallelism);
            timed.setParallelism(parallelism);
            routed.setParallelism(parallelism);
        }
        return new NormalizeOutputs(routed, parsed.getSideOutput(deadTag), routed.getSideOutput(lateTag));
    }
}
