package io.peerwatch.normalize.parsers.hostlog;

import io.peerwatch.normalize.parse.ParseException;

/** DHCP client identifiers (DHCPv6 DUIDs, DHCPv4 client-ids) as dnsmasq and libvirt print them: colon-separated hex bytes. */
public final class Duid {
    private Duid() {}

    /** @return the identifier in lower case; 1 to 130 bytes (a DUID is at most type + 128 bytes, RFC 8415) */
    public static String normalize(String text, String what) throws ParseException {
        if (text == null || text.length() < 2 || text.length() > 130 * 3 - 1 || (text.length() + 1) % 3 != 0) throw invalid(text, what);
        for (int i = 0; i < text.length(); i++) {
            boolean sepPos = i % 3 == 2;
            char c = text.charAt(i);
            if (sepPos ? c != ':' : Hex.digit(c) < 0) throw invalid(text, what);
        }
        return text.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The MAC inside a link-layer DUID: DUID-LLT (type 1: type, hardware type, time, address) or DUID-LL
     * (type 3: type, hardware type, address) with hardware type 1 (Ethernet); null for other DUIDs.
     */
    public static String macOf(String duid) {
        byte[] b = Hex.decode(duid.replace(":", ""));
        if (b == null || b.length < 4 || b[0] != 0 || b[2] != 0 || b[3] != 1) return null;
        int offset;
        if (b[1] == 1) offset = 8;
        else if (b[1] == 3) offset = 4;
        else return null;
        if (b.length != offset + 6) return null;
        byte[] mac = java.util.Arrays.copyOfRange(b, offset, offset + 6);
        boolean zero = true;
        for (byte x : mac) zero &= x == 0;
        return zero ? null : Mac.format(mac);
    }

    private static ParseException invalid(String text, String what) {
        return new ParseException(ParseException.INVALID_ADDRESS, "invalid DUID in " + what + ": '" + RecordText.bounded(text, 64) + "'");
    }
}
