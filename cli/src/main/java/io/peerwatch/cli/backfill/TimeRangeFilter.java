package io.peerwatch.cli.backfill;

import io.peerwatch.schema.NormalizedEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;

/**
 * Keeps the events inside the backfill's {@link TimeRange}. Kafka offsets are found by record timestamp (when
 * a record reached Kafka), which can differ from the log's own time, so the sources read with some slack and
 * this filter cuts exactly by event time. Every event dropped here is counted per FORMAT: no silent drops.
 */
public final class TimeRangeFilter extends RichFilterFunction<NormalizedEvent> {
    private static final long serialVersionUID = 1L;
    public static final String ACCUMULATOR_PREFIX = "peerwatch.cli|outside-range|";

    private final TimeRange range;
    private transient Map<String, LongCounter> outside;

    public TimeRangeFilter(TimeRange range) {
        this.range = range;
    }

    @Override
    public void open(OpenContext openContext) {
        outside = new HashMap<>();
    }

    @Override
    public boolean filter(NormalizedEvent e) {
        if (range.contains(e.getFormat(), e.getEventTime())) return true;
        outside.computeIfAbsent(e.getFormat(), f -> {
            LongCounter c = new LongCounter();
            getRuntimeContext().addAccumulator(ACCUMULATOR_PREFIX + f, c);
            return c;
        }).add(1L);
        return false;
    }

    /** Events outside the range per FORMAT, from a job's accumulators. */
    public static Map<String, Long> outsideCounts(Map<String, Object> accumulators) {
        Map<String, Long> out = new TreeMap<>();
        accumulators.forEach((k, v) -> {
            if (k.startsWith(ACCUMULATOR_PREFIX) && v instanceof Number n) out.merge(k.substring(ACCUMULATOR_PREFIX.length()), n.longValue(), Long::sum);
        });
        return out;
    }
}
