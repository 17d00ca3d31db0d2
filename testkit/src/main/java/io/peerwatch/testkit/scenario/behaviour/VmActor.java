package io.peerwatch.testkit.scenario.behaviour;

import io.peerwatch.testkit.scenario.Actor;
import io.peerwatch.testkit.scenario.Hypervisor;
import io.peerwatch.testkit.scenario.ScenarioVm;
import io.peerwatch.testkit.scenario.TrafficLog;
import io.peerwatch.testkit.scenario.traffic.Conn;
import io.peerwatch.testkit.scenario.traffic.DnsLookup;
import io.peerwatch.testkit.scenario.traffic.Internet;
import io.peerwatch.testkit.scenario.traffic.TlsHandshake;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A behaviour of one VM, with the building blocks most traffic is made of: DNS lookups and TLS sessions. */
public abstract class VmActor extends Actor {
    protected final ScenarioVm vm;
    protected final Hypervisor host;

    protected VmActor(ScenarioVm vm, Hypervisor host, SplittableRandom rng, long firstMicros, long untilMicros) {
        super(rng, firstMicros, untilMicros);
        this.vm = vm;
        this.host = host;
    }

    /** Resolves {@code name} (A record) at the host's dnsmasq; returns the time the answer arrived. */
    protected long lookup(TrafficLog log, long t, String name) {
        return lookup(log, t, name, Internet.addressOf(name));
    }

    protected long lookup(TrafficLog log, long t, String name, String address) {
        long rtt = between(300, 40_000);
        List<String> answers = new ArrayList<>(Internet.cnameChain(name));
        List<Integer> ttls = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) ttls.add(300 + 60 * rng.nextInt(50));
        answers.add(address);
        ttls.add(30 + rng.nextInt(271));
        log.dns(new DnsLookup(t, TrafficLog.uid(rng), vm.ip(), ephemeralPort(), host.gatewayIp(), rng.nextInt(65536), rtt,
                name, 1, 0, answers, ttls), vm);
        return t + rtt;
    }

    /** An HTTPS connection with SNI {@code serverName}: conn.log (service ssl) and ssl.log. */
    protected Conn https(TrafficLog log, long t, String serverName, String ip, long upBytes, long downBytes, long durationMicros) {
        Conn c = Conn.tcp(TrafficLog.uid(rng), t, clipDuration(t, durationMicros), vm.ip(), ephemeralPort(), ip, 443,
                upBytes + 517 + rng.nextInt(300), downBytes + 2800 + rng.nextInt(1500));
        c.service = "ssl";
        c.origVm = vm;
        boolean tls13 = rng.nextInt(10) < 8;
        log.ssl(new TlsHandshake(t + Math.min(c.durationMicros / 2, between(20_000, 120_000)), c,
                tls13 ? "TLSv13" : "TLSv12", tls13 ? "TLS_AES_128_GCM_SHA256" : "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "x25519", serverName, false, true));
        log.conn(c);
        return c;
    }

    /** Working hours (08-18 UTC on weekdays) are busy, nights and weekends quiet. */
    protected static double workdayFactor(long micros) {
        long seconds = micros / 1_000_000L;
        int hour = (int) ((seconds / 3600) % 24);
        int dayOfWeek = (int) ((Math.floorDiv(seconds, 86_400L) + 3) % 7); // 1970-01-01 was a Thursday; 0 = Monday
        boolean weekend = dayOfWeek >= 5;
        return !weekend && hour >= 8 && hour < 18 ? 1.0 : 0.1;
    }
}
