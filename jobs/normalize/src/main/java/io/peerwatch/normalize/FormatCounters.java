package io.peerwatch.normalize;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The counters of one FORMAT in one operator subtask, kept twice: as Flink metrics (group {@code format=<name>},
 * for dashboards of live jobs) and as accumulators (merged at job end, so bounded runs can print the table, see
 * {@link NormalizeCounts}).
 */
final class FormatCounters {
    static final int MAX_SKIP_REASONS = 32;
    private final String format;
    private final RuntimeContext ctx;
    private final MetricGroup group;
    private final Map<String, Pair> counters = new HashMap<>();
    private final Map<String, LongCounter> skipReasons = new HashMap<>();

    private record Pair(Counter metric, LongCounter accumulator) {
        void inc() {
            metric.inc();
            accumulator.add(1L);
        }
    }

    FormatCounters(RuntimeContext ctx, String format, String... kinds) {
        this.format = format;
        this.ctx = ctx;
        this.group = ctx.getMetricGroup().addGroup(NormalizeCounts.METRIC_GROUP, format);
        for (String kind : kinds) {
            LongCounter acc = new LongCounter();
            ctx.addAccumulator(NormalizeCounts.accumulatorName(format, kind), acc);
            counters.put(kind, new Pair(group.counter(kind), acc));
        }
    }

    void inc(String kind) {
        Pair p = counters.get(kind);
        if (p == null) throw new IllegalStateException("counter " + kind + " not registered for " + format);
        p.inc();
    }

    /**
     * Skips are also counted per reason (accumulator only: reasons are free text, not metric names). At most
     * {@link #MAX_SKIP_REASONS} distinct reasons per format, the rest as "other", so no input can create
     * accumulators without bound.
     */
    void skipped(String reason) {
        inc(NormalizeCounts.SKIPPED);
        String key = NormalizeCounts.reasonKey(reason);
        if (!skipReasons.containsKey(key) && skipReasons.size() >= MAX_SKIP_REASONS) key = "other";
        LongCounter c = skipReasons.get(key);
        if (c == null) {
            c = new LongCounter();
            ctx.addAccumulator(NormalizeCounts.skipReasonAccumulatorName(format, key), c);
            skipReasons.put(key, c);
        }
        c.add(1L);
    }
}
