package io.peerwatch.testkit.scenario.behaviour;

import io.peerwatch.testkit.scenario.Hypervisor;
import io.peerwatch.testkit.scenario.ScenarioVm;
import io.peerwatch.testkit.scenario.TrafficLog;
import io.peerwatch.testkit.scenario.traffic.Conn;
import io.peerwatch.testkit.scenario.traffic.Internet;
import java.util.SplittableRandom;

/**
 * A TURN/STUN relay for video calls: many distinct clients over UDP to local port 3478 and, per allocation, a
 * relayed media leg from a high relay port to one remote party; symmetric volumes. A P2P look-alike.
 */
public final class TurnRelayActor extends VmActor {
    private final double perHour;

    public TurnRelayActor(ScenarioVm vm, Hypervisor host, SplittableRandom rng, long first, long until, double perHour) {
        super(vm, host, rng, first, until);
        this.perHour = perHour;
    }

    @Override
    protected void step(TrafficLog log) {
        long t = nextMicros();
        String client = Internet.randomPublic(rng);
        String party = Internet.randomPublic(rng);
        long duration = clipDuration(t, logUniform(20_000_000, 1_800_000_000L));
        long media = logUniform(80_000, 40_000_000);
        long up = media * (90 + rng.nextInt(21)) / 100;
        Conn control = Conn.udp(TrafficLog.uid(rng), t, duration, client, 1024 + rng.nextInt(64_000), vm.ip(), 3478,
                up + 2_000, up / 1100 + 10, media + 2_000, media / 1100 + 10);
        control.respVm = vm;
        log.conn(control);
        long legStart = t + between(200_000, 2_000_000);
        Conn leg = Conn.udp(TrafficLog.uid(rng), legStart, clipDuration(legStart, duration - 2_000_000), vm.ip(), 49152 + rng.nextInt(16_383),
                party, 1024 + rng.nextInt(64_000), media, media / 1100 + 1, up, up / 1100 + 1);
        leg.origVm = vm;
        log.conn(leg);
        next(t + exponentialGap(perHour * (0.3 + 0.7 * workdayFactor(t))));
    }
}
