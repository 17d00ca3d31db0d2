package io.peerwatch.identity.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Canonical text and class of IP addresses. Bindings and flows must meet on the same key, so "FE80::0001",
 * "fe80:0:0:0:0:0:0:1" and "fe80::1%virbr0" all become "fe80::1". Never resolves names: only literals are
 * accepted (InetAddress is called only on text that is a literal).
 */
public final class Addresses {

    /** What an address can be, for deciding whether it may belong to a VM. */
    public enum Kind {
        /** RFC 1918, CGNAT, loopback, link-local, IPv6 ULA: an address only a local network gives out. */
        PRIVATE,
        /** Globally routed unicast: a VM only if a binding says so, otherwise a remote peer. */
        PUBLIC,
        /** Multicast, broadcast, unspecified, reserved: never a VM. */
        NON_UNICAST
    }

    private static final int MAX_LITERAL = 64;

    private Addresses() {}

    /** @return the canonical text (IPv4 dotted quad, IPv6 RFC 5952), or null when the text is not an IP literal */
    public static String canonical(String text) {
        byte[] b = parse(text);
        return b == null ? null : format(b);
    }

    /** @return the 4 or 16 address bytes, or null when the text is not an IP literal */
    public static byte[] parse(String text) {
        if (text == null) return null;
        String s = text.trim();
        if (s.isEmpty() || s.length() > MAX_LITERAL) return null;
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        int zone = s.indexOf('%');
        if (zone >= 0) s = s.substring(0, zone);
        if (s.indexOf(':') < 0) return parseIpv4(s);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) return null;
        }
        try {
            // a literal of hex digits, colons and dots: InetAddress parses it without any name lookup
            InetAddress a = InetAddress.getByName(s);
            if (a instanceof Inet4Address || a instanceof Inet6Address) return a.getAddress();
            return null;
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3) return null;
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                if (c < '0' || c > '9') return null;
                v = v * 10 + (c - '0');
            }
            if (v > 255) return null;
            out[i] = (byte) v;
        }
        return out;
    }

    static String format(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        // RFC 5952: the longest run (first on ties) of two or more zero groups becomes "::"
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        if (bestLen < 2) bestStart = -1;
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** Class of a canonical or raw literal; NON_UNICAST for text that is not an address. */
    public static Kind kind(String text) {
        byte[] b = parse(text);
        if (b == null) return Kind.NON_UNICAST;
        return b.length == 4 ? kind4(b) : kind6(b);
    }

    private static Kind kind4(byte[] b) {
        int a0 = b[0] & 0xff, a1 = b[1] & 0xff;
        if (a0 == 0) return Kind.NON_UNICAST;                        // "this network", unspecified
        if (a0 >= 224) return Kind.NON_UNICAST;                      // multicast, reserved, broadcast
        if (a0 == 10 || a0 == 127) return Kind.PRIVATE;              // RFC 1918, loopback
        if (a0 == 172 && a1 >= 16 && a1 <= 31) return Kind.PRIVATE;
        if (a0 == 192 && a1 == 168) return Kind.PRIVATE;
        if (a0 == 100 && a1 >= 64 && a1 <= 127) return Kind.PRIVATE; // CGNAT, RFC 6598
        if (a0 == 169 && a1 == 254) return Kind.PRIVATE;             // link-local
        return Kind.PUBLIC;
    }

    private static Kind kind6(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 15; i++) if (b[i] != 0) { zeroPrefix = false; break; }
        if (zeroPrefix) return b[15] == 1 ? Kind.PRIVATE : Kind.NON_UNICAST; // ::1 loopback, :: unspecified
        int b0 = b[0] & 0xff, b1 = b[1] & 0xff;
        if (b0 == 0xff) return Kind.NON_UNICAST;                     // multicast
        if ((b0 & 0xfe) == 0xfc) return Kind.PRIVATE;                // ULA fc00::/7
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) return Kind.PRIVATE;  // link-local fe80::/10
        return Kind.PUBLIC;
    }
}
