package io.peerwatch.testkit.scenario.behaviour;

import io.peerwatch.testkit.scenario.TrafficLog;
import io.peerwatch.testkit.scenario.traffic.Conn;
import io.peerwatch.testkit.scenario.traffic.Internet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mainline DHT from the client's listen port: bootstrap via router.bittorrent.com:6881 and
 * dht.transmissionbt.com:6881, then get_peers/find_node exchanges with a stream of distinct nodes
 * (about 100 bytes out, 200-450 back; a fifth never answer).
 */
public final class DhtActor extends VmActor {
    /** The first node exchange starts this long after the session start (the truth's first peer traffic). */
    public static final long FIRST_NODE_OFFSET_MICROS = 3_000_000L;
    private final TorrentSession s;
    private final List<String> nodes = new ArrayList<>();
    private boolean bootstrapped;

    public DhtActor(TorrentSession s, SplittableRandom rng) {
        super(s.vm, s.host, rng, s.startMicros + 1_000_000L, s.endMicros);
        this.s = s;
    }

    @Override
    protected void step(TrafficLog log) {
        long t = nextMicros();
        if (!bootstrapped) {
            for (int i = 0; i < 2; i++) {
                String name = Internet.DHT_BOOTSTRAP.get(i);
                long at = lookup(log, t, name) + 1_000;
                Conn c = Conn.udp(TrafficLog.uid(rng), at, between(30_000, 200_000), vm.ip(), s.localPort, Internet.addressOf(name), 6881,
                        98 + rng.nextInt(10), 1, 300 + rng.nextInt(120), 1);
                c.origVm = vm;
                log.conn(c);
                t = at + 300_000;
            }
            bootstrapped = true;
            next(s.startMicros + FIRST_NODE_OFFSET_MICROS);
            return;
        }
        String node;
        int port;
        if (nodes.size() > 20 && rng.nextInt(10) == 0) {
            node = nodes.get(rng.nextInt(nodes.size()));
            port = 1024 + Math.floorMod(node.hashCode(), 64_000);
        } else {
            node = Internet.randomPublic(rng);
            port = 1024 + Math.floorMod(node.hashCode(), 64_000);
            if (nodes.size() < 500) nodes.add(node);
        }
        boolean answered = rng.nextInt(5) != 0;
        Conn c = Conn.udp(TrafficLog.uid(rng), t, between(40_000, 600_000), vm.ip(), s.localPort, node, port,
                95 + rng.nextInt(20), 1, answered ? 200 + rng.nextInt(250) : 0, answered ? 1 : 0);
        c.origVm = vm;
        log.conn(c);
        next(t + (s.rampingUp(t) ? between(500_000, 4_000_000) : between(4_000_000, 20_000_000)));
    }
}
