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
 *
 * <p>Run it through {@link NormalizeOperator}: a ProcessFunction alone learns nothing of the end of its input,
 * and at that point parsers may still hold records back ({@link #endOfInput}).
 */
final class NormalizeFunction extends ProcessFunction<RawRecord, NormalizedEvent> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    /**
     * Operator state: parser state per source (headers, open auditd events; union: after rescaling a source may
     * move to any subtask, and each parser decides what of the union a subtask takes over).
     */
    static final String SOURCE_STATE = "normalize-parser-source-state";
    private static final String[] COUNTERS = {
        NormalizeCounts.READ, NormalizeCounts.NORMALIZED, NormalizeCounts.EVENTS, NormalizeCounts.DEADLETTERED,
        NormalizeCounts.SKIPPED, NormalizeCounts.FLUSHED
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
        // the subtask tags state only it may act on after a restore (an auditd event being assembled)
        normalizer = new RecordNormalizer(cfg).forSubtask(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
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

    private FormatCounters counters(String format) {
        return counters.computeIfAbsent(format, f -> new FormatCounters(getRuntimeContext(), f, COUNTERS));
    }

    /** Where {@link #endOfInput} sends what the parsers still held. */
    interface HeldOutput {
        void event(NormalizedEvent e);

        void deadLetter(DeadLetter d);
    }

    /**
     * The input ended (or will deliver nothing before the MAX watermark): every parser gives back the events it
     * still holds (an auditd event whose EOE/PROCTITLE never came). Their records were counted as skips already,
     * so only {@code events} and {@code flushed} grow and read = normalized + dead-lettered + skipped still holds.
     * Idempotent: a second call finds nothing held.
     */
    void endOfInput(HeldOutput out) {
        if (normalizer == null) return;
        RecordNormalizer.Flushed held = normalizer.flush();
        for (NormalizedEvent e : held.events()) {
            FormatCounters c = counters(e.getFormat());
            c.inc(NormalizeCounts.EVENTS);
            c.inc(NormalizeCounts.FLUSHED);
            out.event(e);
        }
        for (DeadLetter d : held.deadLetters()) {
            counters(d.getFormat()).inc(NormalizeCounts.FLUSHED);
            out.deadLetter(d);
        }
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<NormalizedEvent> out) {
        FormatCounters c = counters(RecordNormalizer.formatOf(raw));
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
