package io.peerwatch.testkit.scenario.behaviour;

import io.peerwatch.testkit.scenario.TrafficLog;
import io.peerwatch.testkit.scenario.traffic.Conn;
import io.peerwatch.testkit.scenario.traffic.Internet;
import java.util.SplittableRandom;

/**
 * Peer connections of a seeding client: outbound TCP to peers (a third fail: no answer or RST), inbound TCP
 * from peers to the listen port, and uTP (UDP) from the listen port. Encrypted (MSE), so only behaviour shows:
 * high remote ports, churn, and sustained upload from the VM.
 */
public final class PeerWireActor extends VmActor {
    public static final long FIRST_PEER_OFFSET_MICROS = 4_000_000L;
    private final TorrentSession s;

    public PeerWireActor(TorrentSession s, SplittableRandom rng) {
        super(s.vm, s.host, rng, s.startMicros + FIRST_PEER_OFFSET_MICROS, s.endMicros);
        this.s = s;
    }

    private int peerPort() {
        int r = rng.nextInt(100);
        if (r < 12) return 6881 + rng.nextInt(9);
        if (r < 25) return 51413;
        return 1025 + rng.nextInt(64_510);
    }

    @Override
    protected void step(TrafficLog log) {
        long t = nextMicros();
        String peer = Internet.randomPublic(rng);
        int kind = rng.nextInt(100);
        boolean uploads = rng.nextInt(100) < 55;
        long up = 68 + 40 + (uploads ? logUniform(200_000, 90_000_000) : logUniform(200, 30_000));
        long down = 68 + 40 + (rng.nextInt(100) < 30 ? logUniform(50_000, 20_000_000) : logUniform(200, 20_000));
        long duration = clipDuration(t, logUniform(3_000_000, 600_000_000L));
        Conn c;
        if (kind < 45) {
            int failure = rng.nextInt(100);
            if (failure < 22) {
                c = Conn.tcpUnanswered(TrafficLog.uid(rng), t, vm.ip(), ephemeralPort(), peer, peerPort());
            } else if (failure < 33) {
                c = Conn.tcpRejected(TrafficLog.uid(rng), t, between(20_000, 300_000), vm.ip(), ephemeralPort(), peer, peerPort());
            } else {
                c = Conn.tcp(TrafficLog.uid(rng), t, duration, vm.ip(), ephemeralPort(), peer, peerPort(), up, down);
                s.uploaded += up;
                s.downloaded += down;
            }
            c.origVm = vm;
        } else if (kind < 70) {
            c = Conn.tcp(TrafficLog.uid(rng), t, duration, peer, 1024 + rng.nextInt(64_000), vm.ip(), s.localPort, down, up);
            c.respVm = vm;
            s.uploaded += up;
            s.downloaded += down;
        } else {
            c = Conn.udp(TrafficLog.uid(rng), t, duration, vm.ip(), s.localPort, peer, peerPort(), up, up / 1400 + 2, down, down / 1400 + 2);
            c.origVm = vm;
            s.uploaded += up;
            s.downloaded += down;
        }
        log.conn(c);
        next(t + (s.rampingUp(t) ? between(1_000_000, 5_000_000) : between(8_000_000, 30_000_000)));
    }
}
