package io.peerwatch.detect.signal;

import static io.peerwatch.detect.signal.SignalAttributes.CLIENT;
import static io.peerwatch.detect.signal.SignalAttributes.EVIDENCE;
import static io.peerwatch.detect.signal.SignalAttributes.HOST;
import static io.peerwatch.detect.signal.SignalAttributes.PROTOCOL;
import static io.peerwatch.detect.signal.SignalAttributes.SIGNATURE;
import static io.peerwatch.detect.signal.SignalAttributes.URI;
import static io.peerwatch.detect.signal.SignalAttributes.USER_AGENT;
import static io.peerwatch.detect.signal.SignalAttributes.VIA;

import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.Direction;
import io.peerwatch.schema.DnsQuery;
import io.peerwatch.schema.HttpRequest;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.ProcessStart;
import io.peerwatch.schema.ProtocolHint;
import io.peerwatch.schema.Signal;
import io.peerwatch.schema.TlsSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Signals that one event proves on its own, without per-VM memory: names (DNS, HTTP, TLS), processes, sensor
 * statements (DHT parser, P2P alerts) and the local peer discovery group. Weights say how specific the evidence is.
 */
public final class EventSignals {
    private static final Pattern BT_PROTOCOL = Pattern.compile("bit-?torrent|\\butp\\b|\\bbt[-_ ]?dht\\b|utorrent|µtorrent|vuze|azureus|"
            + "\\bdht\\b|\\bbtih\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern OTHER_P2P = Pattern.compile("gnutella|edonkey|emule|\\bkad\\b|kazaa|fasttrack|\\bares\\b|soulseek|"
            + "limewire|direct ?connect|bitcoin|ethereum|\\btor\\b", Pattern.CASE_INSENSITIVE);

    private EventSignals() {}

    /**
     * Whether the event can matter to signal extraction at all (cheap, stateless). Events that cannot (web, DNS of
     * ordinary names, service calls) skip the per-VM ordering buffer; only the volume baseline sees them.
     */
    public static boolean relevant(AttributedEvent e) {
        Object body = e.getEvent().getBody();
        if (body instanceof NetworkFlow f) {
            int lp = e.getSide().getLocalPort();
            int rp = e.getSide().getRemotePort();
            if (PortRules.isPeerPortPair(lp, rp) || PortRules.lookalike(lp) != null || PortRules.lookalike(rp) != null) return true;
            if ((rp == Addresses.LPD_PORT || rp == 0) && Addresses.isLocalPeerDiscovery(e.getSide().getRemoteIp())) return true;
            return f.getAppProto() != null && f.getAppProto().toLowerCase(Locale.ROOT).contains("bittorrent");
        }
        return !from(e).isEmpty();
    }

    public static List<Signal> from(AttributedEvent e) {
        Object body = e.getEvent().getBody();
        List<Signal> out = new ArrayList<>(1);
        // names count for the client that asked (a resolver or web server VM only relays or answers them)
        boolean client = e.getSide().getDirection() == Direction.OUTBOUND;
        if (body instanceof DnsQuery q) { if (client) dns(e, q, out); }
        else if (body instanceof HttpRequest h) { if (client) http(e, h, out); }
        else if (body instanceof TlsSession t) { if (client) tls(e, t, out); }
        else if (body instanceof ProtocolHint p) hint(e, p, out);
        else if (body instanceof ProcessStart p) process(e, p, out);
        else if (body instanceof NetworkFlow f) flow(e, f, out);
        return out;
    }

    private static void dns(AttributedEvent e, DnsQuery q, List<Signal> out) {
        String name = BitTorrentNames.normalizeHost(q.getQuery());
        if (name == null) return;
        if (BitTorrentNames.isDhtBootstrap(name)) {
            out.add(Signals.from(e, SignalKinds.DHT_BOOTSTRAP, 0.8, "DNS " + name).setProto("udp")
                    .setAttributes(attrs(VIA, "dns", HOST, name)).build());
        } else if (BitTorrentNames.isTrackerHost(name)) {
            out.add(Signals.from(e, SignalKinds.TRACKER_CONTACT, 0.6, "DNS " + name).setProto("udp")
                    .setAttributes(attrs(VIA, "dns", HOST, name, EVIDENCE, "tracker-name")).build());
        } else if (BitTorrentNames.isTorrentSite(name)) {
            out.add(Signals.from(e, SignalKinds.TRACKER_CONTACT, 0.3, "DNS " + name).setProto("udp")
                    .setAttributes(attrs(VIA, "dns", HOST, name, EVIDENCE, "torrent-site")).build());
        }
    }

    private static void http(AttributedEvent e, HttpRequest h, List<Signal> out) {
        String host = BitTorrentNames.normalizeHost(h.getHost());
        String uri = h.getUri();
        String summary = "HTTP " + (h.getMethod() == null ? "" : h.getMethod() + " ") + (host == null ? "" : host) + (uri == null ? "" : uri);
        if (BitTorrentNames.isAnnounceUri(uri)) {
            out.add(Signals.from(e, SignalKinds.TRACKER_CONTACT, 0.95, summary).setProto("tcp")
                    .setAttributes(attrs(VIA, "http", HOST, host, URI, path(uri), EVIDENCE, "announce")).build());
        } else if (host != null && BitTorrentNames.isTrackerHost(host)) {
            out.add(Signals.from(e, SignalKinds.TRACKER_CONTACT, 0.5, summary).setProto("tcp")
                    .setAttributes(attrs(VIA, "http", HOST, host, EVIDENCE, "tracker-name")).build());
        }
        if (BitTorrentNames.isClientUserAgent(h.getUserAgent())) {
            out.add(Signals.from(e, SignalKinds.CLIENT_USER_AGENT, 0.8, summary + " UA " + h.getUserAgent()).setProto("tcp")
                    .setAttributes(attrs(VIA, "http", HOST, host, USER_AGENT, EvidenceRefs.bound(h.getUserAgent()))).build());
        }
    }

    private static void tls(AttributedEvent e, TlsSession t, List<Signal> out) {
        String sni = BitTorrentNames.normalizeHost(t.getServerName());
        if (sni == null) return;
        if (BitTorrentNames.isTrackerHost(sni)) {
            out.add(Signals.from(e, SignalKinds.TRACKER_CONTACT, 0.5, "TLS " + sni).setProto("tcp")
                    .setAttributes(attrs(VIA, "tls", HOST, sni, EVIDENCE, "tracker-name")).build());
        } else if (BitTorrentNames.isDhtBootstrap(sni)) {
            out.add(Signals.from(e, SignalKinds.DHT_BOOTSTRAP, 0.6, "TLS " + sni).setProto("tcp")
                    .setAttributes(attrs(VIA, "tls", HOST, sni)).build());
        }
    }

    private static void hint(AttributedEvent e, ProtocolHint p, List<Signal> out) {
        String protocol = p.getProtocol() == null ? "" : p.getProtocol();
        String signature = p.getSignature() == null ? "" : p.getSignature();
        String kind = p.getKind() == null ? "" : p.getKind().toLowerCase(Locale.ROOT);
        String text = protocol + " " + signature;
        String summary = "hint " + protocol + "/" + kind + (signature.isEmpty() ? "" : " " + signature);
        String proto = p.getProto() == null ? null : p.getProto().toLowerCase(Locale.ROOT);
        if (OTHER_P2P.matcher(text).find() && !BT_PROTOCOL.matcher(text).find()) {
            out.add(Signals.from(e, SignalKinds.P2P_LOOKALIKE, 0.5, summary).setProto(proto)
                    .setAttributes(attrs(VIA, "dpi", PROTOCOL, EvidenceRefs.bound(protocol), SIGNATURE, EvidenceRefs.bound(signature),
                            SignalAttributes.LOOKALIKE, lookalikeName(text))).build());
            return;
        }
        if (!BT_PROTOCOL.matcher(text).find()) return;
        boolean dht = kind.startsWith("dht") || protocol.toLowerCase(Locale.ROOT).contains("dht")
                || signature.toLowerCase(Locale.ROOT).contains("dht");
        String k = dht ? SignalKinds.DHT_ACTIVITY : SignalKinds.DPI_P2P_HINT;
        out.add(Signals.from(e, k, 0.9, summary).setProto(proto)
                .setAttributes(attrs(VIA, "dpi", PROTOCOL, EvidenceRefs.bound(protocol), SIGNATURE, EvidenceRefs.bound(signature),
                        "hintKind", EvidenceRefs.bound(kind))).build());
    }

    private static String lookalikeName(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("gnutella") || t.contains("limewire")) return "gnutella";
        if (t.contains("edonkey") || t.contains("emule") || t.contains("kad")) return "edonkey";
        return "other-p2p";
    }

    private static void process(AttributedEvent e, ProcessStart p, List<Signal> out) {
        String client = BitTorrentNames.clientOf(p.getImage(), p.getCommandLine());
        boolean opens = BitTorrentNames.opensTorrent(p.getCommandLine());
        if (client == null && !opens) return;
        String name = client != null ? client : "torrent-argument";
        out.add(Signals.from(e, SignalKinds.CLIENT_PROCESS, client != null ? 0.9 : 0.7,
                        "process " + p.getImage() + (p.getCommandLine() == null ? "" : " " + p.getCommandLine()))
                .setAttributes(attrs(VIA, "process", CLIENT, name)).build());
    }

    private static void flow(AttributedEvent e, NetworkFlow f, List<Signal> out) {
        String remote = e.getSide().getRemoteIp();
        int rp = e.getSide().getRemotePort();
        boolean lpd = (rp == Addresses.LPD_PORT || rp == 0) && Addresses.isLocalPeerDiscovery(remote);
        String app = f.getAppProto() == null ? "" : f.getAppProto().toLowerCase(Locale.ROOT);
        boolean bittorrent = app.contains("bittorrent");
        boolean udpTracker = udpTrackerExchange(e, f);
        if (!lpd && !bittorrent && !udpTracker) return; // the common case: build nothing
        String proto = f.getProto() == null ? "" : f.getProto().toLowerCase(Locale.ROOT);
        String summary = proto + " " + e.getSide().getLocalIp() + ":" + e.getSide().getLocalPort() + " <-> " + remote + ":" + rp;
        if (lpd) {
            out.add(Signals.from(e, SignalKinds.LOCAL_PEER_DISCOVERY, 0.9, "LPD " + summary).setProto(proto)
                    .setAttributes(attrs(VIA, "flow")).build());
        }
        if (udpTracker) {
            out.add(Signals.from(e, SignalKinds.TRACKER_CONTACT, 0.3, "UDP tracker port " + summary).setProto(proto)
                    .setAttributes(attrs(VIA, "flow", EVIDENCE, "udp-tracker")).build());
        }
        if (bittorrent) {
            String k = app.contains("dht") ? SignalKinds.DHT_ACTIVITY : SignalKinds.DPI_P2P_HINT;
            out.add(Signals.from(e, k, 0.85, "app " + app + " " + summary).setProto(proto)
                    .setAttributes(attrs(VIA, "dpi", PROTOCOL, EvidenceRefs.bound(app))).build());
        }
    }

    /**
     * BEP 15: a client sends a 16-byte connect and a ~100-byte announce to the tracker's UDP port (6969, 1337, 451)
     * and gets short answers. Weak alone (a port), so it only ever opens a pattern that peers must complete.
     */
    private static boolean udpTrackerExchange(AttributedEvent e, NetworkFlow f) {
        if (f.getProto() == null || !f.getProto().equalsIgnoreCase("udp") && !f.getProto().equals("17")) return false;
        if (e.getSide().getDirection() != Direction.OUTBOUND || !PortRules.isUdpTracker(e.getSide().getRemotePort())) return false;
        long packetsOut = Math.max(1, e.getSide().getPacketsOut());
        return e.getSide().getBytesOut() > 0 && e.getSide().getBytesOut() / packetsOut <= 200 && e.getSide().getBytesIn() <= 2000;
    }

    /** The path of a URI without its query (info_hash and peer_id are not needed downstream). */
    private static String path(String uri) {
        int q = uri.indexOf('?');
        return EvidenceRefs.bound(q < 0 ? uri : uri.substring(0, q));
    }

    static java.util.Map<String, String> attrs(String... kv) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
