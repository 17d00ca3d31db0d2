package io.peerwatch.cli.run;

import io.peerwatch.schema.AttributedEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Counts attributed and unattributed VM sides (by reason) as accumulators; passes records through. */
public final class AttributionCounts extends RichMapFunction<AttributedEvent, AttributedEvent> {
    private static final long serialVersionUID = 1L;
    public static final String PREFIX = "peerwatch.cli|attribution|";
    public static final String ATTRIBUTED = "attributed";

    private transient Map<String, LongCounter> counters;

    @Override
    public void open(OpenContext openContext) {
        counters = new HashMap<>();
    }

    @Override
    public AttributedEvent map(AttributedEvent a) {
        String key = a.getSide().getAttributed() ? ATTRIBUTED
                : "unattributed: " + (a.getSide().getUnattributedReason() == null ? "no reason given" : a.getSide().getUnattributedReason());
        counters.computeIfAbsent(key, k -> {
            LongCounter c = new LongCounter();
            getRuntimeContext().addAccumulator(PREFIX + k, c);
            return c;
        }).add(1L);
        return a;
    }

    /** "attributed" and "unattributed: reason" → count. */
    public static Map<String, Long> from(Map<String, Object> accumulators) {
        Map<String, Long> out = new TreeMap<>();
        accumulators.forEach((k, v) -> {
            if (k.startsWith(PREFIX) && v instanceof Number n) out.merge(k.substring(PREFIX.length()), n.longValue(), Long::sum);
        });
        return out;
    }
}
