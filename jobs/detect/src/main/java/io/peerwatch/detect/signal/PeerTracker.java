package io.peerwatch.detect.signal;

import static io.peerwatch.detect.signal.EventSignals.attrs;

import io.peerwatch.common.Formats;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.Direction;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.Signal;
import io.peerwatch.schema.VmSide;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;

/**
 * The flow side of signal extraction for one VM: a sliding window of peer contacts (bounded), remembered
 * BitTorrent endpoints (bounded, with TTL), and the fan-out, DHT, upload and known-endpoint signals derived from
 * them. State lives in the caller's keyed state handles; this class holds no per-key fields.
 */
final class PeerTracker {
    private final SignalConfig cfg;
    private final MapState<String, PeerContact> peers;
    private final MapState<Integer, Long> endpoints;

    PeerTracker(SignalConfig cfg, MapState<String, PeerContact> peers, MapState<Integer, Long> endpoints) {
        this.cfg = cfg;
        this.peers = peers;
        this.endpoints = endpoints;
    }

    /** Accounts one flow and appends the signals it triggers. */
    void onFlow(AttributedEvent e, NetworkFlow f, VmMemo memo, List<Signal> out, Recent recent) throws Exception {
        VmSide side = e.getSide();
        long now = e.getEvent().getEventTime();
        String proto = f.getProto() == null ? "" : f.getProto().toLowerCase(Locale.ROOT);
        int mask = proto.equals("tcp") || proto.equals("6") ? PeerContact.TCP : proto.equals("udp") || proto.equals("17") ? PeerContact.UDP : 0;
        if (mask == 0) return;
        int lp = side.getLocalPort();
        int rp = side.getRemotePort();
        String lookalike = PortRules.lookalike(rp) != null ? PortRules.lookalike(rp) : PortRules.lookalike(lp);
        // cheap port test first: most flows are web, DNS or service calls
        if (lookalike == null && !PortRules.isPeerPortPair(lp, rp)) return;
        String remote = side.getRemoteIp();
        if (!Addresses.isUnicastPeer(remote)) return;

        if (now >= memo.nextSweep) sweep(now, memo);
        Long endpointExpiry = endpoints.get(lp);
        if (lookalike == null && endpointExpiry != null && endpointExpiry >= now) {
            if (recent.allow("known-endpoint|" + lp, now)) {
                out.add(Signals.from(e, SignalKinds.KNOWN_ENDPOINT, 0.6, "flow on remembered BitTorrent endpoint port " + lp + ": "
                                + proto + " " + remote + ":" + rp).setProto(proto)
                        .setAttributes(attrs(SignalAttributes.VIA, "flow")).build());
            }
        }

        PeerContact c = peers.get(remote);
        boolean added = false;
        if (c == null) {
            if (memo.trackedPeers >= cfg.maxTrackedPeers) {
                sweep(now, memo);
                if (memo.trackedPeers >= cfg.maxTrackedPeers) {
                    memo.droppedPeers++;
                    return;
                }
            }
            c = new PeerContact();
            c.firstSeen = now;
            c.localPort = lp;
            c.remotePort = rp;
            c.lookalike = lookalike;
            c.evidence = EvidenceRefs.of(e.getEvent(), proto + " " + side.getLocalIp() + ":" + lp + " <-> " + remote + ":" + rp
                    + " out " + side.getBytesOut() + " B in " + side.getBytesIn() + " B");
            memo.trackedPeers++;
            added = true;
        }
        c.lastSeen = Math.max(c.lastSeen, now);
        c.originated |= side.getDirection() == Direction.OUTBOUND || !originatorKnown(e, f);
        c.protoMask |= mask;
        c.flows++;
        c.bytesOut += Math.max(0, side.getBytesOut());
        c.bytesIn += Math.max(0, side.getBytesIn());
        peers.put(remote, c);
        if (lookalike != null) {
            return;
        }
        memo.windowBytesOut += Math.max(0, side.getBytesOut());

        if (added && memo.trackedPeers >= Math.max(cfg.minPeers, memo.nextFanoutEval)) {
            evaluateFanout(e, now, memo, out);
        }
        if (memo.windowBytesOut >= cfg.uploadMinBytes) {
            evaluateUpload(e, now, memo, out);
        }
    }

    /** Unidirectional records (one per direction at an interface) name the packet source, not who opened the exchange. */
    static boolean originatorKnown(AttributedEvent e, NetworkFlow f) {
        String format = e.getEvent().getFormat();
        return f.getInstanceId() == null && !Formats.AWS_VPC_FLOW.equals(format) && !Formats.GOFLOW2.equals(format);
    }

    /** Remembers (VM, local port) as a BitTorrent endpoint, bounded: the entry expiring first makes room. */
    void rememberEndpoint(int localPort, long now) throws Exception {
        if (localPort < PortRules.FIRST_HIGH_PORT) return;
        long expiry = now + cfg.endpointTtlMillis;
        int size = 0;
        Integer earliestPort = null;
        long earliest = Long.MAX_VALUE;
        List<Integer> expired = new ArrayList<>();
        for (Map.Entry<Integer, Long> en : endpoints.entries()) {
            if (en.getValue() < now) { expired.add(en.getKey()); continue; }
            size++;
            if (!en.getKey().equals(localPort) && (en.getValue() < earliest || (en.getValue() == earliest && en.getKey() < earliestPort))) {
                earliest = en.getValue();
                earliestPort = en.getKey();
            }
        }
        for (Integer p : expired) endpoints.remove(p);
        if (!endpoints.contains(localPort) && size >= cfg.maxEndpoints && earliestPort != null) endpoints.remove(earliestPort);
        endpoints.put(localPort, expiry);
    }

    private Set<Integer> liveEndpoints(long now) throws Exception {
        Set<Integer> s = new HashSet<>();
        for (Map.Entry<Integer, Long> en : endpoints.entries()) if (en.getValue() >= now) s.add(en.getKey());
        return s;
    }

    private void evaluateFanout(AttributedEvent e, long now, VmMemo memo, List<Signal> out) throws Exception {
        FanoutAnalysis a = FanoutAnalysis.of(peers.entries(), now, cfg, liveEndpoints(now));
        String lookalike = a.lookalike;
        if (lookalike != null) {
            memo.lookalike = lookalike;
            memo.lookalikeSeenAt = now;
        } else if (memo.lookalike != null && now - memo.lookalikeSeenAt < cfg.lookalikeMemoryMillis) {
            lookalike = memo.lookalike; // a VM recently explained by a look-alike protocol stays explained
        }
        memo.nextFanoutEval = memo.trackedPeers + Math.max(1, memo.trackedPeers / 8);
        String windowSeconds = Long.toString(cfg.peerWindowMillis / 1000);
        if (a.peers >= cfg.minPeers && due(now, memo.fanoutAt, memo.fanoutCount, a.peers)) {
            memo.fanoutAt = now;
            memo.fanoutCount = a.peers;
            double weight = lookalike != null ? 0.2
                    : Math.min(0.85, 0.45 + 0.05 * Math.min(6, a.peers - cfg.minPeers)
                    + (a.shape.contains("tcp-udp-port") ? 0.1 : 0) + (a.btPortPeers > 0 ? 0.05 : 0));
            Signal.Builder b = Signals.from(e, SignalKinds.PEER_FANOUT, weight, "fan-out to " + a.peers + " peers")
                    .setProto(a.tcpPeers > 0 && a.udpPeers > 0 ? "tcp+udp" : a.tcpPeers > 0 ? "tcp" : "udp")
                    .setCount(a.peers).setBytesOut(a.bytesOut).setBytesIn(a.bytesIn).setRemoteIp(null).setRemotePort(0)
                    .setLocalPort(a.sharedBtPort)
                    .setAttributes(attrs(SignalAttributes.VIA, "flow", SignalAttributes.SHAPE, a.shape,
                            SignalAttributes.TCP_PEERS, Integer.toString(a.tcpPeers), SignalAttributes.UDP_PEERS, Integer.toString(a.udpPeers),
                            SignalAttributes.REMOTE_PORTS, Integer.toString(a.remotePorts), SignalAttributes.LOCAL_PORTS, Integer.toString(a.localPorts),
                            SignalAttributes.BT_PORT_PEERS, Integer.toString(a.btPortPeers), SignalAttributes.WINDOW_SECONDS, windowSeconds,
                            SignalAttributes.LOOKALIKE, lookalike,
                            SignalAttributes.LOOKALIKE_SHARE, lookalike == null ? null : Double.toString(a.lookalikeShare)));
            if (!a.evidence.isEmpty()) b.setEvidence(new ArrayList<>(a.evidence));
            out.add(b.build());
            if (a.sharedBtPort != 0 && lookalike == null) rememberEndpoint(a.sharedBtPort, now);
        }
        if (a.dhtPeers >= cfg.minPeers && due(now, memo.dhtAt, memo.dhtCount, a.dhtPeers)) {
            memo.dhtAt = now;
            memo.dhtCount = a.dhtPeers;
            double weight = lookalike != null ? 0.2 : Math.min(0.75, 0.45 + 0.03 * Math.min(10, a.dhtPeers - cfg.minPeers));
            Signal.Builder b = Signals.from(e, SignalKinds.DHT_UDP_FANOUT, weight, "UDP port " + a.dhtPort + " small exchanges with "
                            + a.dhtPeers + " peers")
                    .setProto("udp").setCount(a.dhtPeers).setLocalPort(a.dhtPort).setRemoteIp(null).setRemotePort(0)
                    .setAttributes(attrs(SignalAttributes.VIA, "flow", SignalAttributes.SHAPE, "udp-port",
                            SignalAttributes.WINDOW_SECONDS, windowSeconds, SignalAttributes.LOOKALIKE, lookalike,
                            SignalAttributes.LOOKALIKE_SHARE, lookalike == null ? null : Double.toString(a.lookalikeShare)));
            out.add(b.build());
            if (lookalike == null) rememberEndpoint(a.dhtPort, now);
        }
        if (a.lookalike != null && (memo.lookalikeAt == Long.MIN_VALUE || now - memo.lookalikeAt >= cfg.cooldownMillis)) {
            memo.lookalikeAt = now;
            out.add(Signals.from(e, SignalKinds.P2P_LOOKALIKE, 0.5, "peer contacts on " + a.lookalike + " ports: share " + a.lookalikeShare)
                    .setRemoteIp(null).setRemotePort(0).setLocalPort(0)
                    .setAttributes(attrs(SignalAttributes.VIA, "flow", SignalAttributes.LOOKALIKE, a.lookalike,
                            SignalAttributes.LOOKALIKE_SHARE, Double.toString(a.lookalikeShare))).build());
        }
    }

    private void evaluateUpload(AttributedEvent e, long now, VmMemo memo, List<Signal> out) throws Exception {
        long[] t = FanoutAnalysis.totals(peers.entries(), now, cfg);
        memo.windowBytesOut = t[0]; // exact again
        long total = t[0] + t[1];
        double share = total == 0 ? 0 : t[0] / (double) total;
        if (t[0] < cfg.uploadMinBytes || share < cfg.uploadMinShare || t[2] < 2) return;
        boolean due = memo.uploadAt == Long.MIN_VALUE || now - memo.uploadAt >= cfg.cooldownMillis || t[0] >= 2 * memo.uploadBytes;
        if (!due) return;
        memo.uploadAt = now;
        memo.uploadBytes = t[0];
        out.add(Signals.from(e, SignalKinds.PEER_UPLOAD, 0.6, "upload " + t[0] + " B to " + t[2] + " peers")
                .setCount(t[2]).setBytesOut(t[0]).setBytesIn(t[1]).setRemoteIp(null).setRemotePort(0).setLocalPort(0)
                .setAttributes(attrs(SignalAttributes.VIA, "flow", SignalAttributes.UPLOAD_SHARE, String.format(Locale.ROOT, "%.3f", share),
                        SignalAttributes.WINDOW_SECONDS, Long.toString(cfg.peerWindowMillis / 1000))).build());
    }

    /** First time, after the cooldown, or when the count grew by half (3, 5, 8, 12, ...: pattern thresholds are met soon). */
    private boolean due(long now, long lastAt, int lastCount, int count) {
        return lastAt == Long.MIN_VALUE || now - lastAt >= cfg.cooldownMillis || count >= Math.ceil(lastCount * 1.5);
    }

    /** Drops contacts that left the window; recounts. */
    void sweep(long now, VmMemo memo) throws Exception {
        long from = now - cfg.peerWindowMillis;
        int n = 0;
        long bytes = 0;
        Iterator<Map.Entry<String, PeerContact>> it = peers.iterator();
        while (it.hasNext()) {
            Map.Entry<String, PeerContact> en = it.next();
            if (en.getValue().lastSeen < from) {
                it.remove();
            } else {
                n++;
                if (en.getValue().lookalike == null) bytes += en.getValue().bytesOut;
            }
        }
        memo.trackedPeers = n;
        memo.windowBytesOut = bytes;
        memo.nextFanoutEval = Math.min(memo.nextFanoutEval, Math.max(cfg.minPeers, n + 1));
        memo.nextSweep = now + Math.max(1, cfg.peerWindowMillis / 4);
    }

    /** Throttle for repeated signals of the same kind and detail (bounded map of last emission times). */
    interface Recent {
        boolean allow(String key, long now) throws Exception;
    }
}
