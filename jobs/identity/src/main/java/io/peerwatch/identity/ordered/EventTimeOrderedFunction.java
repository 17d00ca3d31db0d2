package io.peerwatch.identity.ordered;

import io.peerwatch.identity.route.IdentityMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Base of the keyed steps: buffers messages until the watermark passes their time, then handles them in
 * (time, kind, order) order, so a key's results do not depend on arrival order or parallelism (live ==
 * replay). Subclasses also get {@link #afterMessages} once per fired time for deadlines and cleanup; they
 * register their own event-time timers for those and all timers end up in {@link #onTimer}.
 *
 * <p>Outputs made while handling time T carry Flink timestamp T: never behind the watermark of the step, so
 * downstream event-time operators do not see them as late.
 */
public abstract class EventTimeOrderedFunction<OUT> extends KeyedProcessFunction<String, IdentityMessage, OUT> {
    private static final long serialVersionUID = 1L;

    /** State name of the buffer: messages by the time they are due. */
    public static final String PENDING_STATE = "pending-by-time";

    static final Comparator<IdentityMessage> ORDER = Comparator
            .comparingInt((IdentityMessage m) -> m.kind.ordinal())
            .thenComparing(m -> m.order == null ? "" : m.order);

    private transient MapState<Long, List<IdentityMessage>> pending;
    private transient Counter late;

    @Override
    public void open(OpenContext ctx) throws Exception {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>(PENDING_STATE, Types.LONG,
                Types.LIST(TypeInformation.of(IdentityMessage.class))));
        late = getRuntimeContext().getMetricGroup().addGroup("identity").counter("lateMessages");
    }

    @Override
    public final void processElement(IdentityMessage m, Context ctx, Collector<OUT> out) throws Exception {
        long wm = ctx.timerService().currentWatermark();
        if (m.time <= wm) late.inc(); // handled at the next watermark, after what was already processed
        onArrival(m);
        List<IdentityMessage> batch = pending.get(m.time);
        if (batch == null) batch = new ArrayList<>(2);
        batch.add(m);
        pending.put(m.time, batch);
        ctx.timerService().registerEventTimeTimer(m.time);
    }

    @Override
    public final void onTimer(long time, OnTimerContext ctx, Collector<OUT> out) throws Exception {
        List<IdentityMessage> batch = pending.get(time);
        if (batch != null) {
            pending.remove(time);
            batch.sort(ORDER);
            for (IdentityMessage m : batch) handle(m, time, ctx, out);
        }
        afterMessages(time, ctx, out);
    }

    /** "No timer" value of a wake-up time. */
    protected static final long NO_WAKE = Long.MIN_VALUE;

    /**
     * Keeps this key's one wake-up timer (deadlines, lease ends, cleanup) at or before {@code next} and returns
     * the time it is set for. An earlier timer is kept (it fires, finds nothing due and sets the next one): most
     * activity only pushes the due time later, so this avoids a delete and register per message. With
     * {@code next == NO_WAKE} the timer is deleted, so no timers are left once the state is gone. A timer that
     * also serves a buffered batch is left in place.
     */
    protected final long moveWake(long previous, long next, Context ctx) throws Exception {
        if (previous == next) return next;
        if (previous != NO_WAKE && next != NO_WAKE && previous < next) return previous;
        if (previous != NO_WAKE && !pending.contains(previous)) ctx.timerService().deleteEventTimeTimer(previous);
        if (next != NO_WAKE) ctx.timerService().registerEventTimeTimer(next);
        return next;
    }

    /** Called when a message arrives, before it is buffered. Must not emit; default does nothing. */
    protected void onArrival(IdentityMessage m) throws Exception {}

    /** Handles one message at event time {@code now}, in order. */
    protected abstract void handle(IdentityMessage m, long now, OnTimerContext ctx, Collector<OUT> out) throws Exception;

    /** Called after the messages due at {@code now} (and on timers without messages): deadlines, cleanup. */
    protected abstract void afterMessages(long now, OnTimerContext ctx, Collector<OUT> out) throws Exception;
}
