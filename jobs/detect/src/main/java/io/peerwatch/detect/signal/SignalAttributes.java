package io.peerwatch.detect.signal;

/** Names of {@code Signal.attributes} entries (documented in jobs/detect/README.md). */
public final class SignalAttributes {
    /** How the signal was seen: dns, http, tls, flow, dpi, process, baseline. */
    public static final String VIA = "via";
    public static final String HOST = "host";
    public static final String URI = "uri";
    public static final String USER_AGENT = "userAgent";
    public static final String CLIENT = "client";
    public static final String SIGNATURE = "signature";
    public static final String PROTOCOL = "protocol";
    /** For tracker-contact: announce (HTTP announce/scrape with info_hash), tracker-name, torrent-site, udp-tracker. */
    public static final String EVIDENCE = "evidence";
    /** Fan-out: distinct peers over TCP / UDP, distinct remote and local ports, peers on conventional BT ports. */
    public static final String TCP_PEERS = "tcpPeers";
    public static final String UDP_PEERS = "udpPeers";
    public static final String REMOTE_PORTS = "remotePorts";
    public static final String LOCAL_PORTS = "localPorts";
    public static final String BT_PORT_PEERS = "btPortPeers";
    /** Fan-out shape: outbound (ephemeral local ports), tcp-udp-port (one local port over TCP and UDP), udp-port. */
    public static final String SHAPE = "shape";
    /** Set when a look-alike protocol explains the traffic: gnutella, edonkey, other-p2p. */
    public static final String LOOKALIKE = "lookalike";
    public static final String LOOKALIKE_SHARE = "lookalikeShare";
    public static final String WINDOW_SECONDS = "windowSeconds";
    /** Set to "true" on a signal whose detection must be kept but not alerted. */
    public static final String SUPPRESSED = "suppressed";
    public static final String SUPPRESSION_REASON = "suppressionReason";
    public static final String EXPECTED_REASON = "expectedReason";
    /** Volume: baseline median and MAD of bytes out per window, ratio to median, modified z-score, top destination. */
    public static final String BASELINE_MEDIAN = "baselineMedian";
    public static final String BASELINE_MAD = "baselineMad";
    public static final String RATIO = "ratio";
    public static final String ZSCORE = "zScore";
    public static final String DESTINATION = "destination";
    public static final String NEW_DESTINATION = "newDestination";
    public static final String DESTINATIONS = "destinations";
    /** volume-anomaly: "true" when the VM received about as much as it sent in the window (a relay, proxy or VPN shape). */
    public static final String RELAY_LIKE = "relayLike";
    public static final String UPLOAD_SHARE = "uploadShare";

    private SignalAttributes() {}
}
