package io.peerwatch.testkit.scenario.behaviour;

import io.peerwatch.testkit.scenario.TrafficLog;
import io.peerwatch.testkit.scenario.traffic.Conn;
import java.util.SplittableRandom;

/** BEP 14 local peer discovery: a BT-SEARCH datagram to 239.192.152.143:6771 every 5 minutes. */
public final class LocalPeerDiscoveryActor extends VmActor {
    public static final String LPD_GROUP = "239.192.152.143";
    private final TorrentSession s;

    public LocalPeerDiscoveryActor(TorrentSession s, SplittableRandom rng) {
        super(s.vm, s.host, rng, s.startMicros + 2_000_000L, s.endMicros);
        this.s = s;
    }

    @Override
    protected void step(TrafficLog log) {
        long t = nextMicros();
        Conn c = Conn.udp(TrafficLog.uid(rng), t, 0, vm.ip(), 6771, LPD_GROUP, 6771, 150 + s.infoHashEncoded.length() / 4, 1, 0, 0);
        c.origVm = vm;
        // VPCs carry no multicast
        c.vpcVisible = false;
        log.conn(c);
        next(t + 300_000_000L + between(0, 1_000_000));
    }
}
