package io.peerwatch.incidents.lifecycle;

import io.peerwatch.incidents.IncidentConfig;
import io.peerwatch.incidents.IncidentPipeline;
import io.peerwatch.schema.Detection;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.IncidentActivity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One living incident per key (VM, category). Detections are buffered until the watermark passes their time and
 * then applied in (time, content id) order, so the output is the same whatever the arrival order or parallelism.
 * CREATE is emitted for the first detection, UPDATE at most once per update interval and only for material
 * changes, CLOSE with the final figures once the quiet period passed without activity; then all state of the key
 * is cleared. Only event-time timers are used.
 */
public final class IncidentLifecycleFunction extends KeyedProcessFunction<String, Detection, Incident> {
    private static final long serialVersionUID = 1L;

    public static final String STATE_INCIDENT = "incident";
    public static final String STATE_LIFECYCLE = "incident-lifecycle";
    public static final String STATE_PEERS = "incident-peers";
    public static final String STATE_EVIDENCE = "incident-evidence";
    public static final String STATE_PENDING = "pending-detections";

    private final IncidentConfig cfg;

    private transient ValueState<Incident> incidentState;
    private transient ValueState<LifecycleState> lifecycleState;
    private transient MapState<String, PeerStats> peers;
    private transient MapState<String, EvidenceRef> evidence;
    private transient MapState<Long, List<Detection>> pending;

    private transient Counter detectionsIn;
    private transient Counter suppressed;
    private transient Counter rejected;
    private transient Counter late;
    private transient Counter created;
    private transient Counter updated;
    private transient Counter closed;

    public IncidentLifecycleFunction(IncidentConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public void open(OpenContext openContext) {
        incidentState = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE_INCIDENT, new AvroTypeInfo<>(Incident.class)));
        lifecycleState = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE_LIFECYCLE, TypeInformation.of(LifecycleState.class)));
        peers = getRuntimeContext().getMapState(new MapStateDescriptor<>(STATE_PEERS, Types.STRING, TypeInformation.of(PeerStats.class)));
        evidence = getRuntimeContext().getMapState(new MapStateDescriptor<>(STATE_EVIDENCE, Types.STRING, new AvroTypeInfo<>(EvidenceRef.class)));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>(STATE_PENDING, Types.LONG,
                new ListTypeInfo<>(new AvroTypeInfo<>(Detection.class))));
        var m = getRuntimeContext().getMetricGroup();
        detectionsIn = m.counter("detectionsIn");
        suppressed = m.counter("detectionsSuppressed");
        rejected = m.counter("detectionsRejected");
        late = m.counter("detectionsLate");
        created = m.counter("incidentsCreated");
        updated = m.counter("incidentsUpdated");
        closed = m.counter("incidentsClosed");
    }

    @Override
    public void processElement(Detection d, Context ctx, Collector<Incident> out) throws Exception {
        detectionsIn.inc();
        if (d.getSuppressed()) {
            suppressed.inc();
            Detection copy = Detection.newBuilder(d).build();
            if (copy.getSuppressionReason() == null || copy.getSuppressionReason().isBlank()) {
                copy.setSuppressionReason("suppressed by detection (no reason given)");
            }
            ctx.output(IncidentPipeline.SUPPRESSED, copy);
            return;
        }
        String invalid = Detections.invalidReason(d);
        if (invalid != null) {
            rejected.inc();
            Detection copy = Detection.newBuilder(d).build();
            copy.setSuppressionReason("rejected: " + invalid);
            ctx.output(IncidentPipeline.REJECTED, copy);
            return;
        }
        // The detection's own completion time, never its arrival timestamp: CEP stamps a match that completes when
        // time advances (notFollowedBy at the end) with the current watermark, which creeps forward live but jumps in
        // a catch-up or bounded run. detectedAt is computed from the match, so live and replay fold alike; it is never
        // behind this operator's watermark when the detection arrives. Producers that do not set it: lastSeen + grace.
        long t = d.getDetectedAt() > 0 ? d.getDetectedAt() : saturatedAdd(d.getLastSeen(), cfg.detectionGrace().toMillis());
        long wm = ctx.timerService().currentWatermark();
        if (t <= wm) {
            // behind the watermark: still applied (never dropped), at the next watermark, and counted
            late.inc();
            t = wm == Long.MAX_VALUE ? wm : wm + 1;
        }
        List<Detection> atT = pending.get(t);
        if (atT == null) atT = new ArrayList<>();
        atT.add(d);
        pending.put(t, atT);
        ctx.timerService().registerEventTimeTimer(t);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        List<Detection> batch = pending.get(timestamp);
        if (batch != null) {
            pending.remove(timestamp);
            List<Detection> sorted = new ArrayList<>(batch);
            Map<Detection, String> ids = new HashMap<>();
            for (Detection d : sorted) ids.put(d, Detections.id(d));
            sorted.sort(Comparator.comparing(ids::get));
            Incident inc = incidentState.value();
            LifecycleState ls = lifecycleState.value();
            if (inc == null) {
                inc = IncidentAggregation.start(sorted.get(0));
                ls = new LifecycleState();
            }
            IncidentAggregation agg = new IncidentAggregation(cfg, inc, ls, peers, evidence);
            for (Detection d : sorted) agg.absorb(d);
            afterBatch(timestamp, inc, ls, ctx, out);
            incidentState.update(inc);
            lifecycleState.update(ls);
        }

        LifecycleState ls = lifecycleState.value();
        if (ls == null) return;
        Incident inc = incidentState.value();
        if (ls.updateTimer == timestamp) {
            ls.updateTimer = LifecycleState.NONE;
            // a CLOSE at the same time carries the final figures anyway
            boolean closing = ls.closeTimer == timestamp;
            if (!closing && IncidentAggregation.materialChange(cfg, inc, ls)) emit(IncidentActivity.UPDATE, timestamp, inc, ls, out);
            lifecycleState.update(ls);
        }
        if (ls.closeTimer == timestamp) {
            emit(IncidentActivity.CLOSE, timestamp, inc, ls, out);
            ls.closeTimer = LifecycleState.NONE;
            release(ctx, ls.updateTimer, ls);
            incidentState.clear();
            lifecycleState.clear();
            peers.clear();
            evidence.clear();
        }
    }

    private void afterBatch(long t, Incident inc, LifecycleState ls, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        if (!ls.createEmitted) {
            ls.createEmitted = true;
            emit(IncidentActivity.CREATE, t, inc, ls, out);
        } else if (IncidentAggregation.materialChange(cfg, inc, ls)) {
            long due = ls.lastEmittedAt + cfg.updateInterval().toMillis();
            if (t >= due) {
                if (ls.updateTimer != LifecycleState.NONE) {
                    long old = ls.updateTimer;
                    ls.updateTimer = LifecycleState.NONE;
                    release(ctx, old, ls);
                }
                emit(IncidentActivity.UPDATE, t, inc, ls, out);
            } else if (ls.updateTimer == LifecycleState.NONE) {
                ls.updateTimer = due;
                ctx.timerService().registerEventTimeTimer(due);
            }
        }
        long closeAt = Math.max(inc.getLastSeen(), t) + cfg.quietPeriod().toMillis();
        if (closeAt < t) closeAt = Long.MAX_VALUE; // overflow near the end of time
        if (ls.closeTimer != closeAt) {
            long old = ls.closeTimer;
            ls.closeTimer = closeAt;
            release(ctx, old, ls);
            ctx.timerService().registerEventTimeTimer(closeAt);
        }
    }

    /** Deletes a timer unless something else (a pending batch, the other lifecycle timer) still needs it. */
    private void release(OnTimerContext ctx, long ts, LifecycleState ls) throws Exception {
        if (ts == LifecycleState.NONE) return;
        if (ts == ls.updateTimer || ts == ls.closeTimer || pending.contains(ts)) return;
        ctx.timerService().deleteEventTimeTimer(ts);
    }

    private void emit(IncidentActivity activity, long t, Incident inc, LifecycleState ls, Collector<Incident> out) throws Exception {
        Incident snapshot = IncidentAggregation.snapshot(cfg, inc, ls, peers, evidence, activity, t);
        out.collect(snapshot);
        IncidentAggregation.remember(snapshot, ls);
        switch (activity) {
            case CREATE -> created.inc();
            case UPDATE -> updated.inc();
            case CLOSE -> closed.inc();
            default -> { }
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < a ? Long.MAX_VALUE : r;
    }
}
