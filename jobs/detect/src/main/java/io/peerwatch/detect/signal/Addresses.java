package io.peerwatch.detect.signal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP address classification for peers (no DNS: only literals are parsed). */
public final class Addresses {
    /** BEP 14 local peer discovery groups. */
    public static final String LPD_V4 = "239.192.152.143";
    public static final int LPD_PORT = 6771;

    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");
    private static final byte[] LPD_V6 = parseOrNull("ff15::efc0:988f").getAddress();

    private Addresses() {}

    /** Parses an IP literal; null for anything else (host names are never resolved). */
    public static InetAddress parseOrNull(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) return null;
        boolean v4 = V4.matcher(text).matches();
        if (!v4 && !(text.indexOf(':') >= 0 && V6.matcher(text).matches())) return null;
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null; // malformed literal, e.g. 300.1.1.1: not an address we can classify
        }
    }

    public static boolean isLocalPeerDiscovery(String ip) {
        if (LPD_V4.equals(ip)) return true;
        InetAddress a = ip != null && ip.indexOf(':') >= 0 ? parseOrNull(ip) : null;
        return a instanceof Inet6Address && java.util.Arrays.equals(a.getAddress(), LPD_V6);
    }

    /**
     * Whether the address can be a BitTorrent peer: a unicast address another host owns (not loopback,
     * link-local, multicast, broadcast, unspecified, or reserved documentation ranges).
     */
    public static boolean isUnicastPeer(String ip) {
        InetAddress a = parseOrNull(ip);
        if (a == null) return false;
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isMulticastAddress()) return false;
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            if (first == 0 || first >= 240) return false; // "this network", reserved and 255.255.255.255
            if ((b[3] & 0xff) == 255) return false;       // most likely a subnet broadcast
            return true;
        }
        return true;
    }

    /** RFC 1918, CGNAT and IPv6 ULA: addresses not routed on the internet. */
    public static boolean isPrivate(String ip) {
        InetAddress a = parseOrNull(ip);
        if (a == null) return false;
        if (a.isSiteLocalAddress()) return true;
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        return (b[0] & 0xfe) == 0xfc;
    }
}
