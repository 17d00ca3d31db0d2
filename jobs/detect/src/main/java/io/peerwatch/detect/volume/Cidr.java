package io.peerwatch.detect.volume;

import io.peerwatch.detect.signal.Addresses;
import java.io.Serializable;
import java.net.InetAddress;

/** An IPv4 or IPv6 network (a single address is a /32 or /128). */
public final class Cidr implements Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        InetAddress a = Addresses.parseOrNull(slash < 0 ? t : t.substring(0, slash));
        if (a == null) throw new IllegalArgumentException("not an IP address or CIDR: '" + text + "'");
        byte[] b = a.getAddress();
        int max = b.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + text + "'", e);
        }
        if (prefix < 0 || prefix > max) throw new IllegalArgumentException("prefix length out of range in '" + text + "'");
        return new Cidr(mask(b, prefix), prefix, t);
    }

    private static byte[] mask(byte[] b, int prefix) {
        byte[] m = b.clone();
        for (int i = 0; i < m.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            m[i] = (byte) (m[i] & (bits == 0 ? 0 : (0xff << (8 - bits))));
        }
        return m;
    }

    public boolean contains(String ip) {
        InetAddress a = Addresses.parseOrNull(ip);
        if (a == null) return false;
        byte[] b = a.getAddress();
        if (b.length != network.length) return false;
        return java.util.Arrays.equals(mask(b, prefix), network);
    }

    @Override
    public String toString() { return text; }
}
