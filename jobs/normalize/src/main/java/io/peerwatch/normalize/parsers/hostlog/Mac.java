package io.peerwatch.normalize.parsers.hostlog;

import io.peerwatch.normalize.parse.ParseException;

/** MAC address validation and the one form used everywhere: lower case, colon separated, two digits per byte. */
public final class Mac {
    private Mac() {}

    /**
     * Accepts {@code 52:54:00:ab:cd:ef}, {@code 52-54-00-AB-CD-EF}, single-digit groups ({@code 52:54:0:ab:cd:ef}),
     * Cisco dotted ({@code 5254.00ab.cdef}) and bare 12 hex digits. Rejects the all-zero and broadcast addresses,
     * which never identify a NIC.
     */
    public static String normalize(String text, String what) throws ParseException {
        byte[] b = parse(text);
        if (b == null) {
            throw new ParseException(ParseException.INVALID_ADDRESS,
                    "invalid MAC address in " + what + ": '" + RecordText.bounded(text, 64) + "'");
        }
        boolean zero = true;
        boolean ones = true;
        for (byte x : b) {
            zero &= x == 0;
            ones &= x == (byte) 0xff;
        }
        if (zero || ones) {
            throw new ParseException(ParseException.INVALID_ADDRESS, "MAC address " + text + " in " + what + " names no NIC");
        }
        return format(b);
    }

    public static String normalizeOrNull(String text, String what) throws ParseException {
        return text == null || text.isEmpty() ? null : normalize(text, what);
    }

    /** True when {@code text} has the shape of a MAC address (any accepted form). */
    public static boolean looksLikeMac(String text) {
        return parse(text) != null;
    }

    static String format(byte[] b) {
        char[] out = new char[17];
        for (int i = 0; i < 6; i++) {
            out[i * 3] = Character.forDigit((b[i] >> 4) & 0xf, 16);
            out[i * 3 + 1] = Character.forDigit(b[i] & 0xf, 16);
            if (i < 5) out[i * 3 + 2] = ':';
        }
        return new String(out);
    }

    private static byte[] parse(String s) {
        if (s == null) return null;
        int n = s.length();
        if (n == 12) return hex(s, 0, 12);
        if (n == 14 && s.charAt(4) == '.' && s.charAt(9) == '.') {
            return hex(s.substring(0, 4) + s.substring(5, 9) + s.substring(10), 0, 12);
        }
        if (n < 11 || n > 17) return null;
        char sep = s.indexOf(':') >= 0 ? ':' : '-';
        byte[] out = new byte[6];
        int part = 0;
        int i = 0;
        while (part < 6) {
            int start = i;
            int v = 0;
            while (i < n && i - start < 2) {
                int d = Hex.digit(s.charAt(i));
                if (d < 0) break;
                v = (v << 4) | d;
                i++;
            }
            if (i == start) return null;
            out[part++] = (byte) v;
            if (part < 6) {
                if (i >= n || s.charAt(i) != sep) return null;
                i++;
            }
        }
        return i == n ? out : null;
    }

    private static byte[] hex(String s, int from, int to) {
        byte[] out = new byte[(to - from) / 2];
        for (int i = from; i < to; i += 2) {
            int hi = Hex.digit(s.charAt(i));
            int lo = Hex.digit(s.charAt(i + 1));
            if (hi < 0 || lo < 0) return null;
            out[(i - from) / 2] = (byte) ((hi << 4) | lo);
        }
        return out;
    }
}
