package io.peerwatch.testkit.scenario.behaviour;

import io.peerwatch.testkit.scenario.Hypervisor;
import io.peerwatch.testkit.scenario.ScenarioVm;
import io.peerwatch.testkit.scenario.TrafficLog;
import io.peerwatch.testkit.scenario.traffic.Conn;
import io.peerwatch.testkit.scenario.traffic.Internet;
import java.util.SplittableRandom;

/** chrony: resolves its pool once after boot, then polls a server every 64 s at first and 1024 s later. */
public final class NtpActor extends VmActor {
    private int polls;

    public NtpActor(ScenarioVm vm, Hypervisor host, SplittableRandom rng, long first, long until) {
        super(vm, host, rng, first, until);
    }

    @Override
    protected void step(TrafficLog log) {
        long t = nextMicros();
        String server = Internet.NTP_SERVERS.get(polls % Internet.NTP_SERVERS.size());
        if (polls < Internet.NTP_SERVERS.size()) t = lookup(log, t, server) + 1_000;
        long rtt = between(8_000, 45_000);
        Conn c = Conn.udp(TrafficLog.uid(rng), t, rtt, vm.ip(), ephemeralPort(), Internet.addressOf(server), 123, 48, 1, 48, 1);
        c.service = "ntp";
        c.origVm = vm;
        log.conn(c);
        polls++;
        next(nextMicros() + (polls < 6 ? 64_000_000L : 1_024_000_000L) + between(0, 2_000_000));
    }
}
