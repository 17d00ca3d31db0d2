package io.peerwatch.incidents.evidence;

import io.peerwatch.common.Hashing;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Merkle tree as RFC 6962 (Certificate Transparency) defines it: interior node = SHA-256(0x01 || left || right),
 * the split at the largest power of two below n, empty tree = SHA-256(""). Built bottom-up (pairing left to right
 * and carrying an odd last node up unchanged gives exactly the RFC tree), so a root and all audit paths cost O(n).
 */
public final class MerkleTree {
    private static final HexFormat HEX = HexFormat.of();
    private final List<byte[][]> levels = new ArrayList<>();

    private MerkleTree(byte[][] leaves) {
        levels.add(leaves);
        byte[][] level = leaves;
        while (level.length > 1) {
            byte[][] up = new byte[(level.length + 1) / 2][];
            for (int i = 0; i < level.length; i += 2) {
                up[i / 2] = i + 1 < level.length ? node(level[i], level[i + 1]) : level[i];
            }
            levels.add(up);
            level = up;
        }
    }

    /** A tree over leaf hashes (lower-case hex, already leaf-hashed). */
    public static MerkleTree ofLeafHashes(List<String> leafHashesHex) {
        byte[][] leaves = new byte[leafHashesHex.size()][];
        for (int i = 0; i < leaves.length; i++) leaves[i] = HEX.parseHex(leafHashesHex.get(i));
        return new MerkleTree(leaves);
    }

    public int size() {
        return levels.get(0).length;
    }

    public String rootHex() {
        if (size() == 0) return HEX.formatHex(Hashing.sha256().digest());
        return HEX.formatHex(levels.get(levels.size() - 1)[0]);
    }

    /** The audit path of leaf {@code index}: sibling hashes from the leaf up to the root (RFC 6962 2.1.1). */
    public List<String> auditPath(int index) {
        if (index < 0 || index >= size()) throw new IndexOutOfBoundsException("leaf " + index + " of " + size());
        List<String> path = new ArrayList<>();
        int i = index;
        for (int l = 0; l < levels.size() - 1; l++) {
            byte[][] level = levels.get(l);
            int sibling = i ^ 1;
            if (sibling < level.length) path.add(HEX.formatHex(level[sibling]));
            i >>= 1;
        }
        return path;
    }

    /**
     * The root that an inclusion proof leads to (RFC 9162 2.1.3.2), or null when the proof does not fit a tree of
     * {@code treeSize} leaves. Compare it with the published root.
     */
    public static String rootFromProof(String leafHashHex, long leafIndex, long treeSize, List<String> path) {
        if (leafIndex < 0 || leafIndex >= treeSize) return null;
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = HEX.parseHex(leafHashHex);
        for (String p : path) {
            if (sn == 0) return null;
            byte[] sib = HEX.parseHex(p);
            if ((fn & 1) == 1 || fn == sn) {
                r = node(sib, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = node(r, sib);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? HEX.formatHex(r) : null;
    }

    static byte[] node(byte[] left, byte[] right) {
        MessageDigest d = Hashing.sha256();
        d.update((byte) 0x01);
        d.update(left);
        d.update(right);
        return d.digest();
    }
}
