package io.peerwatch.detect.volume;

import static io.peerwatch.detect.signal.SignalAttributes.BASELINE_MAD;
import static io.peerwatch.detect.signal.SignalAttributes.BASELINE_MEDIAN;
import static io.peerwatch.detect.signal.SignalAttributes.DESTINATION;
import static io.peerwatch.detect.signal.SignalAttributes.DESTINATIONS;
import static io.peerwatch.detect.signal.SignalAttributes.EXPECTED_REASON;
import static io.peerwatch.detect.signal.SignalAttributes.NEW_DESTINATION;
import static io.peerwatch.detect.signal.SignalAttributes.RATIO;
import static io.peerwatch.detect.signal.SignalAttributes.SUPPRESSED;
import static io.peerwatch.detect.signal.SignalAttributes.SUPPRESSION_REASON;
import static io.peerwatch.detect.signal.SignalAttributes.VIA;
import static io.peerwatch.detect.signal.SignalAttributes.WINDOW_SECONDS;
import static io.peerwatch.detect.signal.SignalAttributes.ZSCORE;

import io.peerwatch.detect.signal.EvidenceRefs;
import io.peerwatch.detect.signal.SignalKinds;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.Signal;
import io.peerwatch.schema.VmSide;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.streaming.api.TimerService;

/**
 * Per-VM baseline of bytes sent per window (event time, tumbling, UTC-aligned), on the caller's keyed state. When
 * a window closes, the bytes to allowlisted destinations (in their schedule) are set apart and the window is
 * compared with the VM's robust baseline (median/MAD of earlier windows' unexpected bytes). An anomaly becomes a
 * {@code volume-anomaly} signal: unsuppressed when the unexpected bytes alone are anomalous, otherwise marked
 * suppressed (or only annotated) with the allowlist reason. Windows are sums, so arrival order does not matter.
 * Used inside the per-VM signal operator ({@link io.peerwatch.detect.signal.VmSignalFunction}) and on its own by
 * {@link VolumeBaselineFunction}.
 */
public final class VolumeBaseline {
    public static final String WINDOWS_STATE = "detect-volume-windows";
    public static final String HISTORY_STATE = "detect-volume-history";
    public static final String KNOWN_DESTINATIONS_STATE = "detect-volume-known-destinations";

    private final VolumeConfig cfg;
    private final MapState<Long, VolumeWindow> windows;
    private final ValueState<VolumeHistory> history;
    /** "ip" -> last window index it received bytes; "ip|large" -> last window with a transfer above the floor. */
    private final MapState<String, Long> known;
    private final Counter lateFlows;
    private final Counter anomalies;

    public VolumeBaseline(VolumeConfig cfg, RuntimeContext rc) {
        this.cfg = cfg;
        this.windows = rc.getMapState(new MapStateDescriptor<>(WINDOWS_STATE, Types.LONG, TypeInformation.of(VolumeWindow.class)));
        this.history = rc.getState(new ValueStateDescriptor<>(HISTORY_STATE, TypeInformation.of(VolumeHistory.class)));
        this.known = rc.getMapState(new MapStateDescriptor<>(KNOWN_DESTINATIONS_STATE, Types.STRING, Types.LONG));
        this.lateFlows = rc.getMetricGroup().counter("detectVolumeLateFlows");
        this.anomalies = rc.getMetricGroup().counter("detectVolumeAnomalies");
    }

    /**
     * Adds a flow's sent bytes to its window. {@code releaseTime} is when the caller handles it (its event time,
     * or the next watermark for a late flow): a flow whose window has closed counts in the open one, never lost.
     */
    public void add(AttributedEvent e, long releaseTime, TimerService timers) throws Exception {
        if (!(e.getEvent().getBody() instanceof NetworkFlow)) return;
        VmSide side = e.getSide();
        if (side.getBytesOut() <= 0 || side.getRemoteIp() == null) return;
        long t = e.getEvent().getEventTime();
        long index = Math.floorDiv(t, cfg.windowMillis);
        VolumeHistory h = history.value();
        if (end(index) - 1 < releaseTime || (h != null && h.lastWindow != Long.MIN_VALUE && index <= h.lastWindow)) {
            lateFlows.inc();
            index = Math.floorDiv(releaseTime, cfg.windowMillis);
        }
        VolumeWindow w = windows.get(index);
        if (w == null) {
            w = new VolumeWindow();
            timers.registerEventTimeTimer(end(index) - 1);
        }
        w.bytesOut += side.getBytesOut();
        w.bytesIn += Math.max(0, side.getBytesIn());
        w.flows++;
        w.firstSeen = Math.min(w.firstSeen, t);
        w.lastSeen = Math.max(w.lastSeen, t);
        // the VM reference of the latest flow, whatever the arrival order (an attributed one beats an unattributed one)
        String id = e.getEvent().getEventId();
        boolean later = t > w.vmTime || (t == w.vmTime && (w.vmEventId == null || id.compareTo(w.vmEventId) > 0));
        if ((side.getVm() != null && (w.vm == null || later)) || (w.vm == null && side.getVm() == null && later)) {
            w.vm = side.getVm();
            w.binding = side.getBinding();
            w.vmTime = t;
            w.vmEventId = id;
        }
        String dest = side.getRemoteIp() + "|" + side.getRemotePort();
        Long have = w.destinations.get(dest);
        if (have != null || w.destinations.size() < cfg.maxDestinationsPerWindow) {
            w.destinations.put(dest, (have == null ? 0 : have) + side.getBytesOut());
            EvidenceRef first = w.evidence.get(dest);
            if (first == null || t < first.getEventTime()
                    || (t == first.getEventTime() && e.getEvent().getEventId().compareTo(first.getEventId()) < 0)) {
                w.evidence.put(dest, EvidenceRefs.of(e.getEvent(), "sent " + side.getBytesOut() + " B to " + side.getRemoteIp() + ":"
                        + side.getRemotePort()));
            }
        } else {
            w.otherBytes += side.getBytesOut();
        }
        windows.put(index, w);
    }

    /**
     * Timers of the baseline: a window's last millisecond closes it (anomalies go to {@code out}); a cleanup timer
     * (always on a window start, so the two never collide) drops the history once the VM has been quiet for the
     * whole history. Other timestamps are ignored.
     */
    public void onTimer(String vmKey, long ts, TimerService timers, List<Signal> out) throws Exception {
        VolumeHistory h = history.value();
        if ((ts + 1) % cfg.windowMillis == 0) {
            long index = Math.floorDiv(ts, cfg.windowMillis);
            VolumeWindow w = windows.get(index);
            if (w == null) return;
            if (h == null) h = VolumeHistory.create(cfg.historyWindows);
            windows.remove(index);
            close(vmKey, index, w, h, out);
            h.cleanupAt = end(index) + (long) cfg.historyWindows * cfg.windowMillis;
            timers.registerEventTimeTimer(h.cleanupAt);
            history.update(h);
        } else if (h != null && ts == h.cleanupAt && windows.isEmpty()) {
            history.clear();
            known.clear();
        }
    }

    private long end(long index) { return (index + 1) * cfg.windowMillis; }

    private void close(String vmKey, long index, VolumeWindow w, VolumeHistory h, List<Signal> out) throws Exception {
        // windows without traffic since the last closed one count as zero (bounded by the ring size)
        if (h.lastWindow != Long.MIN_VALUE) {
            long gap = Math.min(index - h.lastWindow - 1, cfg.historyWindows);
            for (long i = 0; i < gap; i++) h.add(0);
        }
        long start = index * cfg.windowMillis;
        long end = end(index);
        long expected = 0;
        AllowlistEntry expectedBy = null;
        long expectedByBytes = 0;
        for (Map.Entry<String, Long> d : sorted(w.destinations)) {
            int bar = d.getKey().lastIndexOf('|');
            String ip = d.getKey().substring(0, bar);
            int port = Integer.parseInt(d.getKey().substring(bar + 1));
            for (AllowlistEntry a : cfg.allowlist.entries()) {
                if (a.appliesToVm(vmKey, w.vm) && a.appliesAt(start, end) && a.coversDestination(ip, port)) {
                    expected += d.getValue();
                    if (d.getValue() > expectedByBytes) {
                        expectedBy = a;
                        expectedByBytes = d.getValue();
                    }
                    break;
                }
            }
        }
        long unexpected = w.bytesOut - expected;
        long[] past = h.values();
        double median = RobustStats.median(past, past.length);
        double mad = RobustStats.mad(past, past.length, median);
        boolean warm = past.length >= cfg.warmupWindows;

        String top = topDestination(w.destinations);
        String topIp = top == null ? null : top.substring(0, top.lastIndexOf('|'));
        boolean newDestination = topIp != null && !known.contains(topIp);
        boolean recurring = topIp != null && recurring(topIp, index);

        if (warm && anomalous(w.bytesOut, median, mad)) {
            String suppression = null;
            String expectedReason = null;
            if (!anomalous(unexpected, median, mad) && expectedBy != null) {
                expectedReason = "allowlist '" + expectedBy.name() + "': " + expectedBy.reason();
                if (expectedBy.suppress()) suppression = expectedReason;
            } else if (cfg.recurringIsExpected && recurring && !newDestination) {
                expectedReason = "recurring: " + topIp + " received a large transfer at this time of day before";
                suppression = expectedReason;
            }
            anomalies.inc();
            out.add(signal(vmKey, w, start, median, mad, top, newDestination, suppression, expectedReason));
        }
        h.add(unexpected);
        h.lastWindow = index;
        rememberDestinations(w, index);
    }

    private boolean anomalous(long x, double median, double mad) {
        return x >= cfg.floorBytes && x >= cfg.minRatio * Math.max(median, 1.0)
                && RobustStats.modifiedZ(x, median, mad, cfg.madFloorShare) >= cfg.minZ;
    }

    /** Same destination got a large transfer a whole number of days earlier (within one window). */
    private boolean recurring(String ip, long index) throws Exception {
        Long v = known.get(ip + "|large");
        if (v == null) return false;
        long perDay = Math.max(1, 86_400_000L / cfg.windowMillis);
        long delta = index - v;
        if (delta <= 0) return false;
        long mod = delta % perDay;
        return delta >= perDay - 1 && (mod <= 1 || mod >= perDay - 1);
    }

    private void rememberDestinations(VolumeWindow w, long index) throws Exception {
        for (Map.Entry<String, Long> d : w.destinations.entrySet()) {
            String ip = d.getKey().substring(0, d.getKey().lastIndexOf('|'));
            known.put(ip, index);
            if (d.getValue() >= cfg.floorBytes) known.put(ip + "|large", index);
        }
        // bound: drop destinations not seen within the history, then the oldest
        long oldest = index - cfg.historyWindows;
        List<Map.Entry<String, Long>> all = new ArrayList<>();
        Iterator<Map.Entry<String, Long>> it = known.iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> en = it.next();
            if (en.getValue() < oldest) it.remove();
            else all.add(Map.entry(en.getKey(), en.getValue()));
        }
        if (all.size() > cfg.maxKnownDestinations) {
            all.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
            for (int i = 0; i < all.size() - cfg.maxKnownDestinations; i++) known.remove(all.get(i).getKey());
        }
    }

    private static List<Map.Entry<String, Long>> sorted(Map<String, Long> m) {
        List<Map.Entry<String, Long>> l = new ArrayList<>(m.entrySet());
        l.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        return l;
    }

    private static String topDestination(Map<String, Long> m) {
        List<Map.Entry<String, Long>> l = sorted(m);
        return l.isEmpty() ? null : l.get(0).getKey();
    }

    private Signal signal(String vmKey, VolumeWindow w, long start, double median, double mad, String top, boolean newDestination,
                          String suppression, String expectedReason) {
        Map<String, String> a = new HashMap<>();
        a.put(VIA, "baseline");
        a.put(BASELINE_MEDIAN, Long.toString(Math.round(median)));
        a.put(BASELINE_MAD, Long.toString(Math.round(mad)));
        a.put(RATIO, String.format(Locale.ROOT, "%.1f", w.bytesOut / Math.max(median, 1.0)));
        a.put(ZSCORE, String.format(Locale.ROOT, "%.1f", RobustStats.modifiedZ(w.bytesOut, median, mad, cfg.madFloorShare)));
        a.put(WINDOW_SECONDS, Long.toString(cfg.windowMillis / 1000));
        a.put(NEW_DESTINATION, Boolean.toString(newDestination));
        StringBuilder dests = new StringBuilder();
        List<EvidenceRef> evidence = new ArrayList<>();
        for (Map.Entry<String, Long> d : sorted(w.destinations)) {
            if (evidence.size() >= Math.min(3, cfg.maxEvidence)) break;
            if (dests.length() > 0) dests.append(',');
            dests.append(d.getKey().replace('|', ':')).append('=').append(d.getValue());
            EvidenceRef ev = w.evidence.get(d.getKey());
            if (ev != null) evidence.add(ev);
        }
        a.put(DESTINATIONS, dests.toString());
        String remoteIp = null;
        int remotePort = 0;
        if (top != null) {
            int bar = top.lastIndexOf('|');
            remoteIp = top.substring(0, bar);
            remotePort = Integer.parseInt(top.substring(bar + 1));
            a.put(DESTINATION, remoteIp + ":" + remotePort);
        }
        if (suppression != null) {
            a.put(SUPPRESSED, "true");
            a.put(SUPPRESSION_REASON, suppression);
        }
        if (expectedReason != null) a.put(EXPECTED_REASON, expectedReason);
        double weight = newDestination ? 0.8 : 0.6;
        return Signal.newBuilder()
                .setVmKey(vmKey).setVm(w.vm).setBinding(w.binding)
                .setTime(Math.max(start, w.firstSeen == Long.MAX_VALUE ? start : w.firstSeen))
                .setKind(SignalKinds.VOLUME_ANOMALY).setProto(null)
                .setLocalPort(0).setRemoteIp(remoteIp).setRemotePort(remotePort)
                .setBytesOut(w.bytesOut).setBytesIn(w.bytesIn).setCount(w.flows).setWeight(weight)
                .setAttributes(a).setEvidence(evidence).build();
    }
}
