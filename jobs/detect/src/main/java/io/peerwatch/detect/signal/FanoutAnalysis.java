package io.peerwatch.detect.signal;

import io.peerwatch.schema.EvidenceRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the shape of a VM's recent peer contacts (a pure function, so it is tested without Flink).
 *
 * <ul>
 *   <li><b>outbound</b>: the VM reached many distinct peers over TCP, each from its own ephemeral local port, on
 *       diverse remote ports (a client connecting out to a swarm; a client of a service would hit one port).
 *       UDP from per-peer ephemeral ports is not counted: BitTorrent's uTP and DHT use the listen port, while
 *       voice/video (WebRTC, VoIP) and games open a port per peer;</li>
 *   <li><b>tcp-udp-port</b>: one local port talks to many peers over TCP and UDP (BitTorrent serves peer-wire, uTP
 *       and DHT on the same port), or over any protocol when the port is a remembered BitTorrent endpoint;</li>
 *   <li><b>udp-port</b>: one local UDP port exchanges a few hundred bytes with each of many peers, and the VM
 *       opened a third of those exchanges itself (DHT queries; a UDP server only answers).</li>
 * </ul>
 * A one-port TCP fan-out alone is what a server looks like and is not reported. Contacts on look-alike protocol
 * ports are counted apart and name the look-alike when they are a noticeable share.
 */
public final class FanoutAnalysis {
    public final int peers;
    public final int tcpPeers;
    public final int udpPeers;
    public final int remotePorts;
    public final int localPorts;
    public final int btPortPeers;
    public final String shape;
    /** Peers of the best one-port UDP fan-out with small exchanges (DHT-like), and that port. */
    public final int dhtPeers;
    public final int dhtPort;
    /** A local port that showed BitTorrent's same-port TCP+UDP shape (to remember), or 0. */
    public final int sharedBtPort;
    public final String lookalike;
    public final double lookalikeShare;
    public final long bytesOut;
    public final long bytesIn;
    /** Qualifying peers the VM sent more to than it received from. */
    public final int uploadPeers;
    public final List<EvidenceRef> evidence;

    private FanoutAnalysis(int peers, int tcpPeers, int udpPeers, int remotePorts, int localPorts, int btPortPeers, String shape,
                           int dhtPeers, int dhtPort, int sharedBtPort, String lookalike, double lookalikeShare, long bytesOut,
                           long bytesIn, int uploadPeers, List<EvidenceRef> evidence) {
        this.peers = peers;
        this.tcpPeers = tcpPeers;
        this.udpPeers = udpPeers;
        this.remotePorts = remotePorts;
        this.localPorts = localPorts;
        this.btPortPeers = btPortPeers;
        this.shape = shape;
        this.dhtPeers = dhtPeers;
        this.dhtPort = dhtPort;
        this.sharedBtPort = sharedBtPort;
        this.lookalike = lookalike;
        this.lookalikeShare = lookalikeShare;
        this.bytesOut = bytesOut;
        this.bytesIn = bytesIn;
        this.uploadPeers = uploadPeers;
        this.evidence = evidence;
    }

    /** @param contacts remote IP -> contact; entries older than {@code now - window} are ignored */
    public static FanoutAnalysis of(Iterable<Map.Entry<String, PeerContact>> contacts, long now, SignalConfig cfg,
                                    Set<Integer> knownEndpoints) {
        long from = now - cfg.peerWindowMillis;
        List<Map.Entry<String, PeerContact>> live = new ArrayList<>();
        Map<String, Integer> lookalikes = new TreeMap<>();
        int lookalikeContacts = 0;
        Map<Integer, int[]> perLocalPort = new HashMap<>(); // port -> {peers, tcp, udp}
        for (Map.Entry<String, PeerContact> e : contacts) {
            PeerContact c = e.getValue();
            if (c.lastSeen < from) continue;
            if (c.lookalike != null) {
                lookalikeContacts++;
                lookalikes.merge(c.lookalike, 1, Integer::sum);
                continue;
            }
            live.add(e);
            int[] p = perLocalPort.computeIfAbsent(c.localPort, k -> new int[3]);
            p[0]++;
            if ((c.protoMask & PeerContact.TCP) != 0) p[1]++;
            if ((c.protoMask & PeerContact.UDP) != 0) p[2]++;
        }
        // deterministic whatever the state backend's iteration order
        live.sort(Comparator.comparingLong((Map.Entry<String, PeerContact> e) -> e.getValue().firstSeen).thenComparing(Map.Entry::getKey));

        List<PeerContact> outbound = new ArrayList<>();
        Map<Integer, List<PeerContact>> shared = new TreeMap<>();
        for (Map.Entry<String, PeerContact> e : live) {
            PeerContact c = e.getValue();
            boolean sharedPort = perLocalPort.get(c.localPort)[0] > 1 || knownEndpoints.contains(c.localPort);
            if (sharedPort) shared.computeIfAbsent(c.localPort, k -> new ArrayList<>()).add(c);
            else if ((c.protoMask & PeerContact.TCP) != 0) outbound.add(c);
        }
        List<PeerContact> qualifying = new ArrayList<>();
        String shape = null;
        if (outbound.size() >= cfg.minPeers && diverse(outbound, cfg)) {
            qualifying.addAll(outbound);
            shape = "outbound";
        }
        int dhtPeers = 0;
        int dhtPort = 0;
        int sharedBtPort = 0;
        for (Map.Entry<Integer, List<PeerContact>> s : shared.entrySet()) {
            List<PeerContact> l = s.getValue();
            int[] counts = perLocalPort.get(s.getKey());
            boolean known = knownEndpoints.contains(s.getKey());
            boolean tcpAndUdp = counts[1] > 0 && counts[2] > 0 && l.stream().anyMatch(c -> c.originated && (c.protoMask & PeerContact.UDP) != 0);
            if (l.size() >= cfg.minPeers && diverse(l, cfg) && (tcpAndUdp || known)) {
                qualifying.addAll(l);
                if (tcpAndUdp) sharedBtPort = sharedBtPort == 0 ? s.getKey() : sharedBtPort;
                shape = shape == null ? "tcp-udp-port" : shape + "+tcp-udp-port";
            }
            if (counts[2] >= cfg.minPeers) {
                List<PeerContact> small = l.stream().filter(c -> (c.protoMask & PeerContact.UDP) != 0 && small(c, cfg)).toList();
                long originated = small.stream().filter(c -> c.originated).count();
                if (small.size() >= cfg.minPeers && small.size() > dhtPeers && diverse(small, cfg) && originated * 3 >= small.size()) {
                    dhtPeers = small.size();
                    dhtPort = s.getKey();
                }
            }
        }
        Set<Integer> remotePorts = new HashSet<>();
        Set<Integer> localPorts = new HashSet<>();
        int tcp = 0, udp = 0, bt = 0, uploadPeers = 0;
        long out = 0, in = 0;
        List<EvidenceRef> evidence = new ArrayList<>();
        for (PeerContact c : qualifying) {
            remotePorts.add(c.remotePort);
            localPorts.add(c.localPort);
            if ((c.protoMask & PeerContact.TCP) != 0) tcp++;
            if ((c.protoMask & PeerContact.UDP) != 0) udp++;
            if (PortRules.isConventionalBitTorrent(c.remotePort) || PortRules.isConventionalBitTorrent(c.localPort)) bt++;
            out += c.bytesOut;
            in += c.bytesIn;
            if (c.bytesOut > c.bytesIn && c.bytesOut > 0) uploadPeers++;
            if (c.evidence != null && evidence.size() < cfg.maxEvidencePerSignal) evidence.add(c.evidence);
        }
        int peerCount = qualifying.size();
        String lookalike = null;
        double share = 0;
        if (lookalikeContacts >= 2) {
            share = lookalikeContacts / (double) (lookalikeContacts + live.size());
            if (share >= cfg.lookalikeShare) {
                lookalike = lookalikes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            }
        }
        return new FanoutAnalysis(peerCount, tcp, udp, remotePorts.size(), localPorts.size(), bt, shape, dhtPeers, dhtPort,
                sharedBtPort, lookalike, Math.round(share * 1000) / 1000.0, out, in, uploadPeers, evidence);
    }

    /** Bytes sent and received on all live peer flows (for the upload signal). */
    public static long[] totals(Iterable<Map.Entry<String, PeerContact>> contacts, long now, SignalConfig cfg) {
        long from = now - cfg.peerWindowMillis;
        long out = 0, in = 0, uploadPeers = 0;
        for (Map.Entry<String, PeerContact> e : contacts) {
            PeerContact c = e.getValue();
            if (c.lastSeen < from || c.lookalike != null) continue;
            out += c.bytesOut;
            in += c.bytesIn;
            if (c.bytesOut > c.bytesIn && c.bytesOut > 0) uploadPeers++;
        }
        return new long[] {out, in, uploadPeers};
    }

    private static boolean diverse(List<PeerContact> l, SignalConfig cfg) {
        if (l.isEmpty()) return false;
        Set<Integer> ports = new HashSet<>();
        for (PeerContact c : l) ports.add(c.remotePort);
        return ports.size() >= cfg.minRemotePortDiversity * l.size();
    }

    /** DHT-sized: a few small datagrams each way (uTP data transfers on the same port are not). */
    private static boolean small(PeerContact c, SignalConfig cfg) {
        return c.bytesOut <= cfg.dhtMaxBytesPerPeer && c.bytesIn <= cfg.dhtMaxBytesPerPeer;
    }
}
