package io.peerwatch.testkit.scenario.behaviour;

import io.peerwatch.testkit.scenario.Hypervisor;
import io.peerwatch.testkit.scenario.ScenarioVm;
import io.peerwatch.testkit.scenario.TrafficLog;
import io.peerwatch.testkit.scenario.traffic.Conn;
import io.peerwatch.testkit.scenario.traffic.Internet;
import io.peerwatch.testkit.scenario.traffic.TlsHandshake;
import java.util.SplittableRandom;

/**
 * A public HTTPS site: a stream of distinct internet clients connecting to local port 443. One local port
 * with many distinct remote peers and large outbound volume, yet not P2P: a classic false-positive source.
 */
public final class WebServerActor extends VmActor {
    private final String siteName;
    private final String[] clients;
    private final double perHour;

    public WebServerActor(ScenarioVm vm, Hypervisor host, SplittableRandom rng, long first, long until, String siteName, double perHour) {
        super(vm, host, rng, first, until);
        this.siteName = siteName;
        this.perHour = perHour;
        this.clients = new String[3000];
        for (int i = 0; i < clients.length; i++) clients[i] = Internet.randomPublic(rng);
    }

    @Override
    protected void step(TrafficLog log) {
        long t = nextMicros();
        String client = clients[rng.nextInt(clients.length)];
        Conn c = Conn.tcp(TrafficLog.uid(rng), t, clipDuration(t, logUniform(100_000, 60_000_000)), client, 1024 + rng.nextInt(64_000),
                vm.ip(), 443, logUniform(600, 12_000), logUniform(4_000, 2_500_000));
        c.service = "ssl";
        c.respVm = vm;
        log.ssl(new TlsHandshake(t + between(20_000, 150_000), c, "TLSv13", "TLS_AES_256_GCM_SHA384", "x25519", siteName, false, true));
        log.conn(c);
        next(t + exponentialGap(perHour * (0.4 + 0.6 * workdayFactor(t))));
    }
}
