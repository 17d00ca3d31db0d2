package io.peerwatch.normalize;

import io.peerwatch.schema.NormalizedEvent;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Live runs only: an event whose time is behind {@code watermark - allowedLateness} would be dropped or
 * mis-ordered by every event-time operator downstream, so it goes to the late output (and its own topic),
 * counted per FORMAT, instead of silently away. The watermark is the one generated per Kafka partition in
 * the source ({@link SourceWatermarks}): the minimum over the partitions this job reads, so an event is late
 * only when it is behind every partition's progress, not merely behind a faster topic read in the same
 * subtask. In bounded runs watermarks stay at MIN until the end, so nothing is ever late and this operator
 * only forwards.
 */
final class LateRouter extends ProcessFunction<NormalizedEvent, NormalizedEvent> {
    private static final long serialVersionUID = 1L;

    private final long allowedLatenessMillis;
    private final boolean enabled;
    private final OutputTag<NormalizedEvent> late;
    private transient Map<String, FormatCounters> counters;

    LateRouter(NormalizeConfig cfg, OutputTag<NormalizedEvent> late) {
        this.allowedLatenessMillis = cfg.allowedLateness().toMillis();
        this.enabled = !cfg.bounded();
        this.late = late;
    }

    @Override
    public void open(OpenContext openContext) {
        counters = new HashMap<>();
    }

    @Override
    public void processElement(NormalizedEvent e, Context ctx, Collector<NormalizedEvent> out) {
        if (enabled && isLate(e.getEventTime(), ctx.timerService().currentWatermark())) {
            counters.computeIfAbsent(e.getFormat(), f -> new FormatCounters(getRuntimeContext(), f, NormalizeCounts.LATE))
                    .inc(NormalizeCounts.LATE);
            ctx.output(late, e);
            return;
        }
        out.collect(e);
    }

    boolean isLate(long eventTime, long watermark) {
        if (watermark == Long.MIN_VALUE) return false;
        long threshold = watermark - allowedLatenessMillis;
        return threshold > watermark ? false : eventTime < threshold; // no underflow surprises near MIN
    }
}
