package io.peerwatch.detect.signal;

import java.util.Set;

/**
 * Port knowledge. A port list alone is weak evidence of BitTorrent (other software uses 6881-6889 too), so ports
 * are used the other way round: flows on registered service ports or on ports of known look-alikes are never
 * counted as peer-wire traffic.
 */
public final class PortRules {
    /** Below this, ports belong to well-known services; peers listen on unregistered high ports. */
    public static final int FIRST_HIGH_PORT = 1024;

    /**
     * Registered services and look-alikes on high ports (servers and their clients are not swarms): Teredo 3544,
     * CAPWAP 5246/5247, Delivery Optimization 7680, STUN/TURN 3478/5349/19302-19309, Syncthing 22000/21027,
     * WireGuard/Tailscale 51820/41641, SSDP 1900, mDNS 5353, LLMNR 5355, WS-Discovery 3702, NAT-PMP 5351,
     * IPsec NAT-T 4500, OpenVPN 1194, Dropbox LAN sync 17500, databases, brokers, web alternates, RDP, VNC ...
     */
    private static final Set<Integer> SERVICE = Set.of(
            1080, 1194, 1433, 1434, 1521, 1701, 1723, 1812, 1813, 1883, 1900, 2049, 2082, 2083, 2181, 2375, 2376,
            2379, 2380, 3000, 3128, 3268, 3306, 3389, 3478, 3479, 3480, 3481, 3544, 3702, 4369, 4443, 4500, 5000,
            5004, 5005, 5060, 5061, 5222, 5223, 5228, 5246, 5247, 5349, 5351, 5353, 5355, 5432, 5601, 5671, 5672,
            5900, 5938, 5984, 6379, 6443, 6514, 6660, 6661, 6662, 6663, 6664, 6665, 6666, 6667, 6668, 6669, 6697,
            7001, 7680, 8000, 8008, 8080, 8081, 8088, 8443, 8801, 8802, 8883, 8888, 9000, 9042, 9090, 9092, 9093,
            9100, 9200, 9300, 9418, 10000, 10250, 11211, 15672, 17500, 19302, 19303, 19304, 19305, 19306, 19307,
            19308, 19309, 21027, 22000, 27017, 41641, 51820,
            // game and voice servers that serve TCP and UDP on one port or answer small UDP queries
            3074, 9987, 10011, 19132, 19133, 25565, 27015, 27016, 27018, 27019, 27020, 27036, 30033, 64738);

    /** Gnutella (6346/6347): another P2P network with the same flow shape. */
    private static final Set<Integer> GNUTELLA = Set.of(6346, 6347);
    /** eDonkey/eMule/Kad. */
    private static final Set<Integer> EDONKEY = Set.of(4661, 4662, 4665, 4672);
    /** Bitcoin, Ethereum, Tor relays: other peer-to-peer overlays with fan-out. */
    private static final Set<Integer> OTHER_P2P = Set.of(8333, 18333, 30303, 9001, 9030);
    /** Conventional BitTorrent listen ports; only a booster, never evidence on its own. */
    private static final Set<Integer> BITTORRENT = Set.of(6881, 6882, 6883, 6884, 6885, 6886, 6887, 6888, 6889, 51413);
    /** UDP tracker ports (BEP 15). */
    private static final Set<Integer> UDP_TRACKER = Set.of(6969, 1337, 451);

    private PortRules() {}

    public static boolean isService(int port) {
        return port < FIRST_HIGH_PORT || SERVICE.contains(port);
    }

    /** Look-alike P2P family of a port, or null. */
    public static String lookalike(int port) {
        if (GNUTELLA.contains(port)) return "gnutella";
        if (EDONKEY.contains(port)) return "edonkey";
        if (OTHER_P2P.contains(port)) return "other-p2p";
        return null;
    }

    public static boolean isConventionalBitTorrent(int port) { return BITTORRENT.contains(port); }

    public static boolean isUdpTracker(int port) { return UDP_TRACKER.contains(port); }

    /** Both ends on unregistered high ports and neither a look-alike: the shape of peer-wire, uTP and DHT. */
    public static boolean isPeerPortPair(int localPort, int remotePort) {
        return !isService(localPort) && !isService(remotePort) && lookalike(localPort) == null && lookalike(remotePort) == null;
    }
}
