package io.peerwatch.testkit.scenario.behaviour;

import io.peerwatch.testkit.scenario.TrafficLog;
import io.peerwatch.testkit.scenario.traffic.Conn;
import io.peerwatch.testkit.scenario.traffic.HttpTxn;
import java.util.SplittableRandom;

/** HTTP tracker announces: event=started, then every 30 minutes (the tracker's interval), event=stopped at the end. */
public final class TrackerAnnounceActor extends VmActor {
    private static final long INTERVAL_MICROS = 1_800_000_000L;
    private final TorrentSession s;
    private int announces;

    public TrackerAnnounceActor(TorrentSession s, SplittableRandom rng) {
        super(s.vm, s.host, rng, s.startMicros, s.endMicros + 1);
        this.s = s;
    }

    @Override
    protected void step(TrafficLog log) {
        long t = nextMicros();
        boolean first = announces == 0;
        boolean last = t >= s.endMicros;
        if (first) t = lookup(log, t, s.trackerHost, s.trackerIp) + 3_000;
        String event = first ? "&event=started" : last ? "&event=stopped" : "";
        long left = Math.max(0, s.torrentBytes - s.downloaded);
        String uri = "/announce?info_hash=" + s.infoHashEncoded + "&peer_id=" + s.peerId + "&port=" + s.localPort
                + "&uploaded=" + s.uploaded + "&downloaded=" + s.downloaded + "&left=" + left + "&corrupt=0&key=" + Integer.toHexString(s.localPort * 7919).toUpperCase()
                + event + "&numwant=" + (last ? 0 : 200) + "&compact=1&no_peer_id=1&supportcrypto=1&redundant=0";
        long body = last ? 47 : 60 + 6L * (30 + rng.nextInt(170));
        long duration = between(60_000, 400_000);
        Conn c = Conn.tcp(TrafficLog.uid(rng), t, duration, vm.ip(), ephemeralPort(), s.trackerIp, s.trackerPort, 120 + uri.length() + 200, body + 180);
        c.service = "http";
        c.origVm = vm;
        log.http(new HttpTxn(t + duration / 3, c, 1, "GET", s.trackerHost + ":" + s.trackerPort, uri, TorrentSession.USER_AGENT, 0, body,
                200, "OK", "text/plain"));
        log.conn(c);
        announces++;
        if (last) done();
        else next(Math.min(nextMicros() + INTERVAL_MICROS, s.endMicros));
    }
}
