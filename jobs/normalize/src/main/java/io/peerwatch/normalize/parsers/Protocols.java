package io.peerwatch.normalize.parsers;

import java.util.Locale;

/**
 * One spelling of the transport protocol across sensors, as NetworkFlow documents it: "tcp", "udp", "icmp"
 * (ICMPv6 included, as Zeek logs it), "sctp", else the IANA number as text. Sensors write "TCP", "IPV6-ICMP",
 * "ICMPv6", 6, "6"...
 */
final class Protocols {
    private Protocols() {}

    static String fromNumber(long n) {
        return switch ((int) Math.min(n, 1000)) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1, 58 -> "icmp";
            case 132 -> "sctp";
            default -> Long.toString(n);
        };
    }

    /** A name or a number as text; null for null/empty. */
    static String normalize(String text) {
        if (text == null || text.isEmpty()) return null;
        boolean digits = text.length() <= 3;
        for (int i = 0; digits && i < text.length(); i++) digits = text.charAt(i) >= '0' && text.charAt(i) <= '9';
        if (digits) return fromNumber(Integer.parseInt(text));
        String t = text.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "tcp", "udp", "icmp", "sctp" -> t;
            case "ipv6-icmp", "icmpv6", "icmp6" -> "icmp";
            default -> Text.bounded(t, 32);
        };
    }
}
