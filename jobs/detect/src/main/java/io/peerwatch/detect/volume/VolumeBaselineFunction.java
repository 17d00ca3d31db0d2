package io.peerwatch.detect.volume;

import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.Signal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The volume baseline as a keyed operator of its own (the detect pipeline runs it inside the per-VM signal
 * operator instead, to read each event once). Flows are summed as they arrive: window sums do not depend on the
 * arrival order; a flow behind the watermark counts in the open window.
 */
public final class VolumeBaselineFunction extends KeyedProcessFunction<String, AttributedEvent, Signal> {
    private static final long serialVersionUID = 1L;

    private final VolumeConfig cfg;
    private transient VolumeBaseline baseline;

    public VolumeBaselineFunction(VolumeConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public void open(OpenContext ctx) {
        baseline = new VolumeBaseline(cfg, getRuntimeContext());
    }

    @Override
    public void processElement(AttributedEvent e, Context ctx, Collector<Signal> out) throws Exception {
        long wm = ctx.timerService().currentWatermark();
        baseline.add(e, Math.max(e.getEvent().getEventTime(), wm + 1), ctx.timerService());
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Signal> out) throws Exception {
        List<Signal> signals = new ArrayList<>(1);
        baseline.onTimer(ctx.getCurrentKey(), ts, ctx.timerService(), signals);
        for (Signal s : signals) {
            s.setObservedAt(ts);
            out.collect(s);
        }
    }
}
