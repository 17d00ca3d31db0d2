package io.peerwatch.common;

import io.peerwatch.schema.SourceRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers for evidence integrity and deterministic ids. */
public final class Hashing {
    private static final HexFormat HEX = HexFormat.of();

    private Hashing() {}

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HEX.formatHex(sha256().digest(bytes));
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Hash of the parts joined by a separator that cannot occur in them (NUL), so ("a","bc") != ("ab","c"). */
    public static String sha256HexOf(String... parts) {
        MessageDigest d = sha256();
        for (String p : parts) {
            d.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
        }
        return HEX.formatHex(d.digest());
    }

    /**
     * The id of a normalized event: stable for the same raw record at the same coordinates, so replays and the
     * live job produce the same ids. {@code index} separates several events parsed from one raw record.
     */
    public static String eventId(SourceRef src, String rawSha256, int index) {
        return sha256HexOf(src.getKind(), src.getName(), Integer.toString(src.getPartition()),
                Long.toString(src.getOffset()), Long.toString(src.getLine()), rawSha256, Integer.toString(index));
    }
}
