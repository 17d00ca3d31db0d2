package io.peerwatch.identity.net;

/**
 * Canonical MAC text ("52:54:00:ab:cd:ef") and the MAC inside a DHCPv6 DUID. DHCPv6 replies name the client
 * by DUID, not MAC; DUID-LLT (type 1) and DUID-LL (type 3) with hardware type 1 (Ethernet) end with the
 * link-layer address, which for a VM is the MAC of the NIC that created it.
 */
public final class Macs {
    private static final int MAX_TEXT = 200;

    private Macs() {}

    /** @return lower-case colon-separated MAC, or null when the text holds no 48-bit MAC */
    public static String canonical(String text) {
        byte[] b = hexBytes(text);
        if (b == null || b.length != 6) return null;
        return format(b, 0);
    }

    /** @return the MAC inside a DUID-LLT/DUID-LL of an Ethernet client, or null */
    public static String fromDuid(String duid) {
        byte[] b = hexBytes(duid);
        if (b == null || b.length < 4) return null;
        int type = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int hw = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (hw != 1) return null;
        if (type == 1 && b.length == 14) return format(b, 8);  // type, hw type, 4-byte time, MAC
        if (type == 3 && b.length == 10) return format(b, 4);  // type, hw type, MAC
        return null;
    }

    private static String format(byte[] b, int off) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = off; i < off + 6; i++) {
            if (i > off) sb.append(':');
            sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        return sb.toString();
    }

    /** Hex digits with optional ':', '-' or '.' separators (each separated group one or two digits, or plain hex). */
    private static byte[] hexBytes(String text) {
        if (text == null) return null;
        String s = text.trim();
        if (s.isEmpty() || s.length() > MAX_TEXT) return null;
        boolean separated = s.indexOf(':') >= 0 || s.indexOf('-') >= 0;
        StringBuilder hex = new StringBuilder(s.length());
        if (separated) {
            for (String g : s.split("[:\\-]", -1)) {
                if (g.isEmpty() || g.length() > 2) return null;
                if (g.length() == 1) hex.append('0');
                hex.append(g);
            }
        } else {
            hex.append(s.replace(".", ""));
        }
        if (hex.length() % 2 != 0) return null;
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16), lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) return null;
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }
}
