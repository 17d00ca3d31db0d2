package io.peerwatch.detect.signal;

import io.peerwatch.detect.volume.VolumeBaseline;
import io.peerwatch.detect.volume.VolumeConfig;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.Signal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
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
 * Per-VM signal extraction in event time: protocol and behaviour signals, and (when given a {@link VolumeConfig})
 * the outbound volume baseline, so each attributed event is read once. Events that can produce signals are
 * buffered until the watermark passes their time and then handled in (event time, eventId) order, so the signals are the same whatever the arrival order or parallelism.
 * An event that arrives behind the watermark is handled at the next watermark (counted as late), never dropped.
 * State: the event buffer, a bounded window of peer contacts, remembered endpoints, a throttle of recent signals,
 * and bookkeeping; all of it is cleared after {@link SignalConfig#idleStateTtlMillis} without activity.
 */
public final class VmSignalFunction extends KeyedProcessFunction<String, AttributedEvent, Signal> {
    private static final long serialVersionUID = 1L;

    public static final String BUFFER_STATE = "detect-signal-buffer";
    public static final String MEMO_STATE = "detect-signal-memo";
    public static final String PEERS_STATE = "detect-signal-peers";
    public static final String ENDPOINTS_STATE = "detect-signal-endpoints";
    public static final String RECENT_STATE = "detect-signal-recent";

    private static final Comparator<AttributedEvent> ORDER = Comparator
            .comparingLong((AttributedEvent e) -> e.getEvent().getEventTime())
            .thenComparing(e -> e.getEvent().getEventId());

    private final SignalConfig cfg;
    private final VolumeConfig volumeCfg;

    private transient MapState<Long, List<AttributedEvent>> buffer;
    private transient ValueState<VmMemo> memo;
    private transient MapState<String, PeerContact> peers;
    private transient MapState<Integer, Long> endpoints;
    private transient MapState<String, Long> recent;
    private transient PeerTracker tracker;
    private transient VolumeBaseline volume;
    private transient Counter eventsIn;
    private transient Counter lateEvents;
    private transient Counter signalsOut;

    /** Protocol and behaviour signals only. */
    public VmSignalFunction(SignalConfig cfg) {
        this(cfg, null);
    }

    /** Signals plus volume anomalies ({@code volumeCfg} null: no volume baseline). */
    public VmSignalFunction(SignalConfig cfg, VolumeConfig volumeCfg) {
        this.cfg = cfg;
        this.volumeCfg = volumeCfg;
    }

    @Override
    public void open(OpenContext ctx) {
        buffer = getRuntimeContext().getMapState(new MapStateDescriptor<>(BUFFER_STATE, Types.LONG,
                new ListTypeInfo<>(new AvroTypeInfo<>(AttributedEvent.class))));
        memo = getRuntimeContext().getState(new ValueStateDescriptor<>(MEMO_STATE, TypeInformation.of(VmMemo.class)));
        peers = getRuntimeContext().getMapState(new MapStateDescriptor<>(PEERS_STATE, Types.STRING, TypeInformation.of(PeerContact.class)));
        endpoints = getRuntimeContext().getMapState(new MapStateDescriptor<>(ENDPOINTS_STATE, Types.INT, Types.LONG));
        recent = getRuntimeContext().getMapState(new MapStateDescriptor<>(RECENT_STATE, Types.STRING, Types.LONG));
        tracker = new PeerTracker(cfg, peers, endpoints);
        volume = volumeCfg == null ? null : new VolumeBaseline(volumeCfg, getRuntimeContext());
        eventsIn = getRuntimeContext().getMetricGroup().counter("detectEventsIn");
        lateEvents = getRuntimeContext().getMetricGroup().counter("detectLateEvents");
        signalsOut = getRuntimeContext().getMetricGroup().counter("detectSignalsOut");
    }

    @Override
    public void processElement(AttributedEvent e, Context ctx, Collector<Signal> out) throws Exception {
        eventsIn.inc();
        long t = e.getEvent().getEventTime();
        long wm = ctx.timerService().currentWatermark();
        long at = t;
        if (t <= wm) {
            lateEvents.inc();
            at = wm + 1;
        }
        if (!EventSignals.relevant(e)) {
            // nothing order-dependent to do: only the volume baseline (sums) sees it, without buffering
            if (volume != null) volume.add(e, at, ctx.timerService());
            return;
        }
        List<AttributedEvent> l = buffer.get(at);
        if (l == null) l = new ArrayList<>(1);
        l.add(e);
        buffer.put(at, l);
        ctx.timerService().registerEventTimeTimer(at);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Signal> out) throws Exception {
        List<AttributedEvent> due = buffer.get(ts);
        VmMemo m = memo.value();
        List<Signal> signals = new ArrayList<>();
        if (due != null) {
            buffer.remove(ts);
            due.sort(ORDER);
            if (m == null) m = new VmMemo();
            for (AttributedEvent e : due) {
                handle(e, m, signals);
                if (volume != null) volume.add(e, ts, ctx.timerService());
                m.lastActivity = Math.max(m.lastActivity, e.getEvent().getEventTime());
            }
            if (m.cleanupAt == Long.MIN_VALUE) {
                m.cleanupAt = Math.max(ts + 1, m.lastActivity + cfg.idleStateTtlMillis);
                ctx.timerService().registerEventTimeTimer(m.cleanupAt);
            }
            memo.update(m);
        }
        // after this timestamp's events: a volume window ending here has all its flows
        if (volume != null) volume.onTimer(ctx.getCurrentKey(), ts, ctx.timerService(), signals);
        for (Signal s : signals) {
            s.setObservedAt(ts); // the stream time CEP windows measure (a volume window's end, a late event's slot)
            out.collect(s);
        }
        signalsOut.inc(signals.size());
        if (m != null && ts == m.cleanupAt) {
            if (m.lastActivity + cfg.idleStateTtlMillis <= ts && buffer.isEmpty()) {
                clearAll();
            } else {
                m.cleanupAt = Math.max(ts + 1, m.lastActivity + cfg.idleStateTtlMillis);
                ctx.timerService().registerEventTimeTimer(m.cleanupAt);
                memo.update(m);
            }
        }
    }

    private void handle(AttributedEvent e, VmMemo m, List<Signal> out) throws Exception {
        long now = e.getEvent().getEventTime();
        for (Signal s : EventSignals.from(e)) {
            if (!recentAllow(throttleKey(s), now)) continue;
            out.add(s);
            // a sensor's BitTorrent statement names the VM's port: later flows on it are BitTorrent too
            if ((s.getKind().equals(SignalKinds.DHT_ACTIVITY) || s.getKind().equals(SignalKinds.DPI_P2P_HINT))) {
                tracker.rememberEndpoint(s.getLocalPort(), now);
            }
        }
        if (e.getEvent().getBody() instanceof NetworkFlow f) {
            tracker.onFlow(e, f, m, out, this::recentAllow);
        }
    }

    /** Same kind, same strength of evidence, same host (or local port): one signal per cooldown is enough. */
    private static String throttleKey(Signal s) {
        Map<String, String> a = s.getAttributes();
        String host = a == null ? null : a.get(SignalAttributes.HOST);
        String evidence = a == null ? "" : a.getOrDefault(SignalAttributes.EVIDENCE, "");
        return s.getKind() + "|" + evidence + "|" + (host != null ? host : Integer.toString(s.getLocalPort()));
    }

    /** At most one signal per key per cooldown; the map is bounded (when full, emission is allowed but not recorded). */
    private boolean recentAllow(String key, long now) throws Exception {
        Long last = recent.get(key);
        if (last != null && now - last < cfg.cooldownMillis) return false;
        if (last == null) {
            int size = 0;
            Iterator<Map.Entry<String, Long>> it = recent.iterator();
            while (it.hasNext()) {
                Map.Entry<String, Long> en = it.next();
                if (now - en.getValue() >= cfg.cooldownMillis) it.remove();
                else size++;
            }
            if (size >= cfg.maxRecentSignals) return true;
        }
        recent.put(key, now);
        return true;
    }

    private void clearAll() {
        memo.clear();
        peers.clear();
        endpoints.clear();
        recent.clear();
    }
}
