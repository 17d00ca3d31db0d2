package io.peerwatch.testkit.scenario.behaviour;

import io.peerwatch.testkit.scenario.Hypervisor;
import io.peerwatch.testkit.scenario.ScenarioVm;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the BitTorrent client's behaviours share: the VM, its listen port, the torrent (info_hash), its
 * peer_id, the tracker, and running totals the tracker announces report.
 */
public final class TorrentSession {
    public static final String PEER_ID_PREFIX = "-qB4250-";
    public static final String USER_AGENT = "qBittorrent/4.2.5";
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    final ScenarioVm vm;
    final Hypervisor host;
    final int localPort;
    final long startMicros;
    final long endMicros;
    final String trackerHost;
    final String trackerIp;
    final int trackerPort;
    final String infoHashEncoded;
    final String peerId;
    final long torrentBytes;
    final List<String> knownPeers = new ArrayList<>();
    long uploaded;
    long downloaded;

    public TorrentSession(ScenarioVm vm, Hypervisor host, int localPort, long startMicros, long endMicros, String trackerHost,
                          String trackerIp, int trackerPort, SplittableRandom rng) {
        this.vm = vm;
        this.host = host;
        this.localPort = localPort;
        this.startMicros = startMicros;
        this.endMicros = endMicros;
        this.trackerHost = trackerHost;
        this.trackerIp = trackerIp;
        this.trackerPort = trackerPort;
        StringBuilder hash = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            int b = rng.nextInt(256);
            if (Character.isLetterOrDigit(b) && b < 128) hash.append((char) b);
            else hash.append('%').append(String.format("%02X", b));
        }
        this.infoHashEncoded = hash.toString();
        StringBuilder id = new StringBuilder(PEER_ID_PREFIX);
        for (int i = 0; i < 12; i++) id.append(UNRESERVED.charAt(rng.nextInt(UNRESERVED.length())));
        this.peerId = id.toString();
        this.torrentBytes = 700_000_000L + rng.nextLong(3_000_000_000L);
    }

    /** Ramp-up: many new swarm contacts in the first 3 minutes, fewer later. */
    boolean rampingUp(long t) {
        return t < startMicros + 180_000_000L;
    }
}
