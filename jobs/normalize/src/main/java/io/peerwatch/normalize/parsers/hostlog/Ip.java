package io.peerwatch.normalize.parsers.hostlog;

import io.peerwatch.normalize.parse.ParseException;

/**
 * Strict IPv4/IPv6 literal validation with one canonical text form, so that an address written by dnsmasq,
 * libvirt, Sysmon and Zeek becomes the same identity key: IPv4 dotted decimal without leading zeros, IPv6 in
 * RFC 5952 form (lower case, longest zero run compressed, IPv4-mapped addresses as {@code ::ffff:a.b.c.d}).
 * Never resolves names (java.net.InetAddress would try DNS for some inputs).
 */
public final class Ip {
    private Ip() {}

    /** @return the canonical form of an IPv4 or IPv6 literal; {@code what} names the field in the error */
    public static String canonical(String text, String what) throws ParseException {
        if (text == null || text.isEmpty() || text.length() > 45) throw invalid(text, what);
        if (text.indexOf(':') >= 0) {
            int[] groups = parseV6(text);
            if (groups == null) throw invalid(text, what);
            return formatV6(groups);
        }
        int[] v4 = parseV4(text, 0, text.length());
        if (v4 == null) throw invalid(text, what);
        return v4[0] + "." + v4[1] + "." + v4[2] + "." + v4[3];
    }

    /** Like {@link #canonical} but null for null/empty text. */
    public static String canonicalOrNull(String text, String what) throws ParseException {
        return text == null || text.isEmpty() ? null : canonical(text, what);
    }

    /** {@code ::ffff:a.b.c.d} (a dual-stack socket's view of an IPv4 peer) → {@code a.b.c.d}; others unchanged. */
    public static String unmapped(String canonical) {
        return canonical.startsWith("::ffff:") && canonical.indexOf('.') > 0 ? canonical.substring(7) : canonical;
    }

    public static boolean isIpv6(String canonical) {
        return canonical.indexOf(':') >= 0;
    }

    /** Loopback, unspecified, link-local: addresses that never identify a VM on a network. */
    public static boolean isLocalOnly(String canonical) {
        if (isIpv6(canonical)) {
            return canonical.equals("::1") || canonical.equals("::") || canonical.startsWith("fe8") || canonical.startsWith("fe9")
                    || canonical.startsWith("fea") || canonical.startsWith("feb");
        }
        return canonical.startsWith("127.") || canonical.equals("0.0.0.0") || canonical.startsWith("169.254.");
    }

    private static ParseException invalid(String text, String what) {
        return new ParseException(ParseException.INVALID_ADDRESS,
                "invalid IP address in " + what + ": '" + RecordText.bounded(text, 64) + "'");
    }

    /** Dotted quad, 1-3 digits per octet, no leading zeros (which some libraries read as octal). */
    static int[] parseV4(String s, int from, int to) {
        int[] out = new int[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int v = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || v > 255 || (len > 1 && s.charAt(start) == '0')) return null;
            out[part++] = v;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') return null;
                i++;
            }
        }
        return i == to ? out : null;
    }

    /** @return 8 groups of 16 bits, or null */
    static int[] parseV6(String s) {
        int n = s.length();
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) return null;
        int[] head = new int[8];
        int[] tail = new int[8];
        int hn = 0;
        int tn = 0;
        if (dbl < 0) {
            hn = groups(s, 0, n, head);
            if (hn != 8) return null;
            return head;
        }
        if (dbl > 0) {
            hn = groups(s, 0, dbl, head);
            if (hn < 0) return null;
        }
        if (dbl + 2 < n) {
            tn = groups(s, dbl + 2, n, tail);
            if (tn < 0) return null;
        }
        if (hn + tn > 7) return null;
        int[] out = new int[8];
        System.arraycopy(head, 0, out, 0, hn);
        System.arraycopy(tail, 0, out, 8 - tn, tn);
        return out;
    }

    /** Parses colon-separated groups (the last may be a dotted IPv4 = 2 groups) into out; returns the count or -1. */
    private static int groups(String s, int from, int to, int[] out) {
        int count = 0;
        int i = from;
        while (true) {
            int start = i;
            int v = 0;
            while (i < to && i - start < 5) {
                int d = Hex.digit(s.charAt(i));
                if (d < 0) break;
                v = (v << 4) | d;
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                int[] v4 = parseV4(s, start, to);
                if (v4 == null || count > 6) return -1;
                out[count++] = (v4[0] << 8) | v4[1];
                out[count++] = (v4[2] << 8) | v4[3];
                return count;
            }
            int len = i - start;
            if (len == 0 || len > 4 || count >= 8) return -1;
            out[count++] = v;
            if (i == to) return count;
            if (s.charAt(i) != ':') return -1;
            i++;
            if (i == to) return -1; // trailing single colon
        }
    }

    private static String formatV6(int[] g) {
        boolean mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
        if (mapped) return "::ffff:" + (g[6] >> 8) + "." + (g[6] & 0xff) + "." + (g[7] >> 8) + "." + (g[7] & 0xff);
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
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
}
