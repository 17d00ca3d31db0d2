package io.peerwatch.detect.volume;

import static io.peerwatch.detect.signal.SignalAttributes.BASELINE_MAD;
import static io.peerwatch.detect.signal.SignalAttributes.BASELINE_MEDIAN;
import static io.peerwatch.detect.signal.SignalAttributes.DESTINATION;
import static io.peerwatch.detect.signal.SignalAttributes.DESTINATIONS;
import static io.peerwatch.detect.signal.SignalAttributes.EXPECTED_REASON;
import static io.peerwatch.detect.signal.SignalAttributes.NEW_DESTINATION;
import static io.peerwatch.detect.signal.SignalAttributes.RATIO;
import static io.peerwatch.detect.signal.SignalAttributes.RELAY_LIKE;
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
 * suppressed (or only annotated) with the allowlist reason. A window holds only order-free summaries (sums, a
 * hash-ranked destination sample, the largest flows), so arrival order does not matter.
 * Used inside the per-VM signal operator ({@link io.peerwatch.detect.signal.VmSignalFunction}) and on its own by
 * {@link VolumeBaselineFunction}.
 */
public final class VolumeBaseline {
    public static final String WINDOWS_STATE = "detect-volume-windows";
    public static final String HISTORY_STATE = "detect-volume-history";
    public static final String KNOWN_DESTINATIONS_STATE = "detect-volume-known-destinations";

    /** Received at least this share of what was sent: relay-like. */
    static final double RELAY_IN_SHARE = 0.8;

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
        long bytes = side.getBytesOut();
        EvidenceRef ev = null;
        if (DestinationSample.add(w, dest, bytes, cfg.maxDestinationsPerWindow)) {
            EvidenceRef first = w.evidence.get(dest);
            if (first == null || t < first.getEventTime()
                    || (t == first.getEventTime() && e.getEvent().getEventId().compareTo(first.getEventId()) < 0)) {
                ev = evidence(e, side);
                w.evidence.put(dest, ev);
            }
        }
        w.coveredBytes.merge(coverage(side.getRemoteIp(), side.getRemotePort()), bytes, Long::sum);
        keepIfLargest(w, dest, bytes, e, side, ev);
        windows.put(index, w);
    }

    private static EvidenceRef evidence(AttributedEvent e, VmSide side) {
        return EvidenceRefs.of(e.getEvent(), "sent " + side.getBytesOut() + " B to " + side.getRemoteIp() + ":" + side.getRemotePort());
    }

    /** Indices of the allowlist entries whose destinations and ports cover this one ("" none); VM and schedule are decided at close. */
    private String coverage(String ip, int port) {
        List<AllowlistEntry> entries = cfg.allowlist.entries();
        StringBuilder b = null;
        for (int i = 0; i < entries.size(); i++) {
            if (!entries.get(i).coversDestination(ip, port)) continue;
            if (b == null) b = new StringBuilder();
            else b.append(',');
            b.append(i);
        }
        return b == null ? "" : b.toString();
    }

    /** Keeps the window's largest flows (a total order, so the same ones whatever the arrival order). */
    private void keepIfLargest(VolumeWindow w, String dest, long bytes, AttributedEvent e, VmSide side, EvidenceRef ev) {
        int max = Math.max(1, cfg.maxEvidence);
        List<LargeFlow> l = w.largest;
        if (l.size() >= max && bytes < l.get(l.size() - 1).bytes) return;
        LargeFlow f = new LargeFlow(dest, bytes, ev != null ? ev : evidence(e, side));
        int at = 0;
        while (at < l.size() && LargeFlow.LARGEST_FIRST.compare(l.get(at), f) < 0) at++;
        if (at >= max) return;
        l.add(at, f);
        if (l.size() > max) l.remove(l.size() - 1);
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
        // allowlisted bytes: each destination's covering entries were noted per flow; the first of them that
        // applies to this VM and this window takes the bytes (the order of the allowlist file decides)
        List<AllowlistEntry> entries = cfg.allowlist.entries();
        long expected = 0;
        long[] perEntry = new long[entries.size()];
        for (Map.Entry<String, Long> c : w.coveredBytes.entrySet()) {
            if (c.getKey().isEmpty()) continue;
            for (String i : c.getKey().split(",")) {
                int idx = Integer.parseInt(i);
                if (idx >= entries.size()) continue;
                AllowlistEntry a = entries.get(idx);
                if (a.appliesToVm(vmKey, w.vm) && a.appliesAt(start, end)) {
                    expected += c.getValue();
                    perEntry[idx] += c.getValue();
                    break;
                }
            }
        }
        AllowlistEntry expectedBy = null;
        long expectedByBytes = 0;
        for (int i = 0; i < perEntry.length; i++) {
            if (perEntry[i] > expectedByBytes) {
                expectedBy = entries.get(i);
                expectedByBytes = perEntry[i];
            }
        }
        long unexpected = w.bytesOut - expected;
        long[] past = h.values();
        double median = RobustStats.median(past, past.length);
        double mad = RobustStats.mad(past, past.length, median);
        boolean warm = past.length >= cfg.warmupWindows;

        List<Map.Entry<String, Long>> ranked = rankedDestinations(w);
        String top = ranked.isEmpty() ? null : ranked.get(0).getKey();
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
            out.add(signal(vmKey, w, start, median, mad, ranked, newDestination, suppression, expectedReason));
        }
        h.add(unexpected);
        h.lastWindow = index;
        rememberDestinations(ranked, index);
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

    private void rememberDestinations(List<Map.Entry<String, Long>> ranked, long index) throws Exception {
        for (Map.Entry<String, Long> d : ranked) {
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

    /**
     * The window's destinations, most bytes first (then by name): the sample with exact sums, plus the targets of
     * the largest flows outside it with what those flows alone sent (a lower bound). A destination that received
     * one very large flow is therefore never missed, whatever the sample held.
     */
    private static List<Map.Entry<String, Long>> rankedDestinations(VolumeWindow w) {
        Map<String, Long> all = new HashMap<>(w.destinations);
        for (LargeFlow f : w.largest) {
            if (!w.destinations.containsKey(f.destination)) all.merge(f.destination, f.bytes, Long::sum);
        }
        List<Map.Entry<String, Long>> l = new ArrayList<>(all.entrySet());
        l.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        return l;
    }

    private Signal signal(String vmKey, VolumeWindow w, long start, double median, double mad, List<Map.Entry<String, Long>> ranked, boolean newDestination,
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
        java.util.Set<String> evidenceIds = new java.util.HashSet<>();
        int listed = 0;
        for (Map.Entry<String, Long> d : ranked) {
            if (listed++ >= 3) break;
            if (dests.length() > 0) dests.append(',');
            dests.append(d.getKey().replace('|', ':')).append('=').append(d.getValue());
            EvidenceRef ev = w.evidence.get(d.getKey());
            if (ev == null) {
                for (LargeFlow f : w.largest) {
                    if (f.destination.equals(d.getKey())) {
                        ev = f.evidence;
                        break;
                    }
                }
            }
            if (ev != null && evidence.size() < cfg.maxEvidence && evidenceIds.add(ev.getEventId())) evidence.add(ev);
        }
        // then the largest single flows: the transfers that made the window anomalous
        for (LargeFlow f : w.largest) {
            if (evidence.size() >= cfg.maxEvidence) break;
            if (evidenceIds.add(f.evidence.getEventId())) evidence.add(f.evidence);
        }
        a.put(DESTINATIONS, dests.toString());
        String remoteIp = null;
        int remotePort = 0;
        String top = ranked.isEmpty() ? null : ranked.get(0).getKey();
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
        // A relay (TURN, proxy, VPN endpoint) sends on what it receives: the bytes did not start on this VM, so the
        // anomaly is kept but marked and weighs less. Exfiltration and seeding send far more than they receive.
        boolean relayLike = w.bytesIn >= RELAY_IN_SHARE * w.bytesOut;
        if (relayLike) {
            a.put(RELAY_LIKE, "true");
            if (expectedReason == null) {
                expectedReason = "relay-like: received " + w.bytesIn + " B while sending " + w.bytesOut
                        + " B in the window (TURN, proxy or VPN shape); what it sent need not start on this VM";
            }
        }
        if (expectedReason != null) a.put(EXPECTED_REASON, expectedReason);
        double weight = relayLike ? 0.3 : newDestination ? 0.8 : 0.6;
        return Signal.newBuilder()
                .setVmKey(vmKey).setVm(w.vm).setBinding(w.binding)
                .setTime(Math.max(start, w.firstSeen == Long.MAX_VALUE ? start : w.firstSeen))
                .setKind(SignalKinds.VOLUME_ANOMALY).setProto(null)
                .setLocalPort(0).setRemoteIp(remoteIp).setRemotePort(remotePort)
                .setBytesOut(w.bytesOut).setBytesIn(w.bytesIn).setCount(w.flows).setWeight(weight)
                .setAttributes(a).setEvidence(evidence).build();
    }
}
