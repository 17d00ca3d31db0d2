package io.peerwatch.testkit.scenario.behaviour;

import io.peerwatch.testkit.scenario.Hypervisor;
import io.peerwatch.testkit.scenario.ScenarioVm;
import io.peerwatch.testkit.scenario.TrafficLog;
import io.peerwatch.testkit.scenario.traffic.Conn;
import io.peerwatch.testkit.scenario.traffic.HttpTxn;
import io.peerwatch.testkit.scenario.traffic.Internet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Web use from a desktop VM or calls of an application server: a DNS lookup (unless cached), then an HTTPS
 * connection with SNI; downloads dominate. Sometimes a plain-HTTP request (captive checks, old sites).
 */
public final class BrowsingActor extends VmActor {
    private final List<String> sites;
    private final double perHour;
    private final boolean followsWorkday;
    private final long maxDownload;

    public BrowsingActor(ScenarioVm vm, Hypervisor host, SplittableRandom rng, long first, long until, List<String> sites,
                         double perHour, boolean followsWorkday, long maxDownload) {
        super(vm, host, rng, first, until);
        this.sites = sites;
        this.perHour = perHour;
        this.followsWorkday = followsWorkday;
        this.maxDownload = maxDownload;
    }

    @Override
    protected void step(TrafficLog log) {
        long t = nextMicros();
        String site = sites.get(rng.nextInt(sites.size()));
        String ip = Internet.addressOf(site);
        long at = rng.nextInt(10) < 7 ? lookup(log, t, site) + between(200, 5_000) : t;
        if (rng.nextInt(20) == 0) {
            plainHttp(log, at, site, ip);
        } else {
            https(log, at, site, ip, logUniform(400, 40_000), logUniform(3_000, maxDownload), logUniform(200_000, 90_000_000));
        }
        double rate = perHour * (followsWorkday ? workdayFactor(t) : 1.0);
        next(t + exponentialGap(rate));
    }

    private void plainHttp(TrafficLog log, long t, String site, String ip) {
        long body = logUniform(200, 300_000);
        Conn c = Conn.tcp(TrafficLog.uid(rng), t, clipDuration(t, between(30_000, 2_000_000)), vm.ip(), ephemeralPort(), ip, 80,
                350 + rng.nextInt(250), body + 400);
        c.service = "http";
        c.origVm = vm;
        boolean redirect = rng.nextBoolean();
        log.http(new HttpTxn(t + Math.min(c.durationMicros / 3, 20_000), c, 1, "GET", site, "/", 
                "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", 0,
                redirect ? 0 : body, redirect ? 301 : 200, redirect ? "Moved Permanently" : "OK", redirect ? null : "text/html"));
        log.conn(c);
    }
}
