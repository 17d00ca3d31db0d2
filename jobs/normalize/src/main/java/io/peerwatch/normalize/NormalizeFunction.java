package io.peerwatch.normalize;

import io.peerwatch.common.RawRecord;
import io.peerwatch.schema.DeadLetter;
import io.peerwatch.schema.NormalizedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The normalize operator: {@link RecordNormalizer} per subtask, plus the per-format counters. Every record ends
 * up counted exactly once as normalized, dead-lettered or skipped; nothing a parser throws leaves it.
 *
 * <p>Parsers keep per-source state (headers) in this subtask, which is why the operator is chained to the
 * source without a shuffle; the headers are also kept in operator state so a restore in the middle of a source
 * still knows them.
 */
final class NormalizeFunction extends ProcessFunction<RawRecord, NormalizedEvent> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    /** Operator state: parser header state per source (union: after rescaling a source may move to any subtask). */
    static final String SOURCE_STATE = "normalize-parser-source-state";
    private static final String[] COUNTERS = {
        NormalizeCounts.READ, NormalizeCounts.NORMALIZED, NormalizeCounts.EVENTS, NormalizeCounts.DEADLETTERED,
        NormalizeCounts.SKIPPED
    };

    private final NormalizeConfig cfg;
    private final OutputTag<DeadLetter> deadLetters;
    private transient RecordNormalizer normalizer;
    private transient Map<String, FormatCounters> counters;
    private transient ListState<String> sourceState;
    private transient List<String> restored;

    NormalizeFunction(NormalizeConfig cfg, OutputTag<DeadLetter> deadLetters) {
        this.cfg = cfg;
        this.deadLetters = deadLetters;
    }

    @Override
    public void open(OpenContext openContext) {
        normalizer = new RecordNormalizer(cfg);
        counters = new HashMap<>();
        if (restored != null) {
            normalizer.restoreSourceState(restored);
            restored = null;
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        sourceState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>(SOURCE_STATE, Types.STRING));
        if (context.isRestored()) {
            restored = new ArrayList<>();
            for (String e : sourceState.get()) restored.add(e);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        sourceState.update(normalizer == null ? List.of() : normalizer.snapshotSourceState());
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<NormalizedEvent> out) {
        FormatCounters c = counters.computeIfAbsent(RecordNormalizer.formatOf(raw),
                f -> new FormatCounters(getRuntimeContext(), f, COUNTERS));
        c.inc(NormalizeCounts.READ);
        RecordNormalizer.Result r = normalizer.normalize(raw);
        if (r.deadLettered()) {
            c.inc(NormalizeCounts.DEADLETTERED);
            ctx.output(deadLetters, r.deadLetter());
        } else if (r.skipped()) {
            c.skipped(r.skipReason());
        } else {
            c.inc(NormalizeCounts.NORMALIZED);
            for (NormalizedEvent e : r.events()) {
                c.inc(NormalizeCounts.EVENTS);
                out.collect(e);
            }
        }
    }
}
