package io.peerwatch.normalize;

import io.peerwatch.common.RawRecord;
import io.peerwatch.schema.DeadLetter;
import io.peerwatch.schema.NormalizedEvent;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Runs {@link NormalizeFunction} like {@code .process(...)} does, plus the end of the input, which a
 * ProcessFunction never hears of (Flink 2.2's ProcessOperator implements neither {@link BoundedOneInput} nor a
 * finish hook for its function). At the end, the parsers' held events (an auditd event whose last lines never
 * came) are emitted:
 * <ul>
 *   <li>when the MAX watermark arrives, BEFORE it is forwarded: a bounded input delivers MAX before
 *       {@link #endInput()}, and anything emitted after MAX would be too late for every event-time operator
 *       downstream (their timers have all fired);</li>
 *   <li>in {@link #endInput()}, for inputs that end without a MAX watermark (nothing is held any more when MAX
 *       came first).</li>
 * </ul>
 * Emitting from either is allowed (unlike close()); live jobs reach them only when drained. Same uid, operator
 * state and dead-letter side output as the plain ProcessOperator, so it can replace it in a running job's graph.
 */
public final class NormalizeOperator extends ProcessOperator<RawRecord, NormalizedEvent> implements BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private final OutputTag<DeadLetter> deadLetters;

    NormalizeOperator(NormalizeFunction function, OutputTag<DeadLetter> deadLetters) {
        super(function);
        this.deadLetters = deadLetters;
    }

    /** The parse operator of {@link NormalizePipeline}: guard + parse, dead letters to {@code deadLetters}. */
    public static NormalizeOperator of(NormalizeConfig cfg, OutputTag<DeadLetter> deadLetters) {
        return new NormalizeOperator(new NormalizeFunction(cfg, deadLetters), deadLetters);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) emitHeld();
        super.processWatermark(mark);
    }

    @Override
    public void endInput() {
        emitHeld();
    }

    private void emitHeld() {
        ((NormalizeFunction) userFunction).endOfInput(new NormalizeFunction.HeldOutput() {
            @Override
            public void event(NormalizedEvent e) {
                output.collect(new StreamRecord<>(e, e.getEventTime()));
            }

            @Override
            public void deadLetter(DeadLetter d) {
                output.collect(deadLetters, new StreamRecord<>(d, d.getFailedAt()));
            }
        });
    }
}
