package io.peerwatch.normalize;

import io.peerwatch.common.RawRecord;
import io.peerwatch.common.time.EventTime;
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
 * must see that source's records in their order. Event time is assigned after parsing, from the record's own
 * time.
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
                .process(new NormalizeFunction(cfg, deadTag), eventType)
                .name("normalize: guard + parse").uid(PARSE_UID);
        WatermarkStrategy<NormalizedEvent> time = cfg.bounded()
                ? WatermarkStrategy.<NormalizedEvent>noWatermarks().withTimestampAssigner((e, ts) -> e.getEventTime())
                : EventTime.normalized(cfg.outOfOrderness(), cfg.idleness());
        SingleOutputStreamOperator<NormalizedEvent> timed = parsed
                .assignTimestampsAndWatermarks(time)
                .name(cfg.bounded() ? "normalize: event time (bounded)" : "normalize: event time + watermarks")
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
