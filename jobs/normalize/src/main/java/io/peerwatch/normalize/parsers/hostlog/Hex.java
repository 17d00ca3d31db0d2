package io.peerwatch.normalize.parsers.hostlog;

/** ASCII-only hex helpers (Character.digit also accepts non-ASCII digits, which a strict parser must not). */
public final class Hex {
    private Hex() {}

    /** @return 0-15, or -1 when {@code c} is not an ASCII hex digit */
    public static int digit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    public static boolean isHex(CharSequence s) {
        if (s.length() == 0) return false;
        for (int i = 0; i < s.length(); i++) if (digit(s.charAt(i)) < 0) return false;
        return true;
    }

    /** Decodes an even-length hex string; null when it is not one. */
    public static byte[] decode(CharSequence s) {
        int n = s.length();
        if ((n & 1) != 0) return null;
        byte[] out = new byte[n / 2];
        for (int i = 0; i < n; i += 2) {
            int hi = digit(s.charAt(i));
            int lo = digit(s.charAt(i + 1));
            if (hi < 0 || lo < 0) return null;
            out[i / 2] = (byte) ((hi << 4) | lo);
        }
        return out;
    }
}
