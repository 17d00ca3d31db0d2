package io.peerwatch.detect.signal;

import java.util.Set;

/**
 * The vocabulary of {@code Signal.kind}. Pattern files may only name these (a typo would otherwise never match);
 * jobs/detect/README.md explains each one and its attributes.
 */
public final class SignalKinds {
    /** Contact with a BitTorrent tracker: DNS name, HTTP announce/scrape, TLS name, or a UDP tracker exchange. */
    public static final String TRACKER_CONTACT = "tracker-contact";
    /** A DHT bootstrap node was looked up or contacted (router.bittorrent.com, dht.transmissionbt.com, ...). */
    public static final String DHT_BOOTSTRAP = "dht-bootstrap";
    /** A sensor parsed DHT messages (Suricata bittorrent_dht, app_proto bittorrent-dht). */
    public static final String DHT_ACTIVITY = "dht-activity";
    /** Flow-level DHT/uTP shape: one local UDP port, small exchanges with many distinct peers. */
    public static final String DHT_UDP_FANOUT = "dht-udp-fanout";
    /** BEP 14 local peer discovery to 239.192.152.143:6771 or [ff15::efc0:988f]:6771. */
    public static final String LOCAL_PEER_DISCOVERY = "local-peer-discovery";
    /** Peer-wire fan-out: many distinct remote peers on unregistered high ports within minutes. */
    public static final String PEER_FANOUT = "peer-fanout";
    /** Sustained upload to peers (VM-sent bytes on peer-like flows within the fan-out window). */
    public static final String PEER_UPLOAD = "peer-upload";
    /** A torrent client process started in the guest (Sysmon, auditd). */
    public static final String CLIENT_PROCESS = "client-process";
    /** An HTTP user agent of a torrent client. */
    public static final String CLIENT_USER_AGENT = "client-user-agent";
    /** A DPI/IDS statement about BitTorrent on a connection (e.g. an ET P2P alert, a DPI label). */
    public static final String DPI_P2P_HINT = "dpi-p2p-hint";
    /** A flow on a (VM, local port) remembered as a BitTorrent endpoint. */
    public static final String KNOWN_ENDPOINT = "known-endpoint";
    /** Evidence of another protocol that looks like BitTorrent (Gnutella, eDonkey, ...): patterns use it to stay quiet. */
    public static final String P2P_LOOKALIKE = "p2p-lookalike";
    /** Outbound bytes of a window far above the VM's own baseline. */
    public static final String VOLUME_ANOMALY = "volume-anomaly";

    public static final Set<String> ALL = Set.of(TRACKER_CONTACT, DHT_BOOTSTRAP, DHT_ACTIVITY, DHT_UDP_FANOUT,
            LOCAL_PEER_DISCOVERY, PEER_FANOUT, PEER_UPLOAD, CLIENT_PROCESS, CLIENT_USER_AGENT, DPI_P2P_HINT,
            KNOWN_ENDPOINT, P2P_LOOKALIKE, VOLUME_ANOMALY);

    private SignalKinds() {}
}
