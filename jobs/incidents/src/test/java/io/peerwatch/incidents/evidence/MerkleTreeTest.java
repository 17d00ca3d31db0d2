package io.peerwatch.incidents.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Hashing;
import io.peerwatch.incidents.Fixtures;
import io.peerwatch.schema.EvidenceRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 6962 2.1, written recursively exactly as the RFC states it, to check the bottom-up build against. */
    private static byte[] mth(List<byte[]> leaves) {
        MessageDigest d = Hashing.sha256();
        if (leaves.isEmpty()) return d.digest();
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        d.update((byte) 1);
        d.update(mth(leaves.subList(0, k)));
        d.update(mth(leaves.subList(k, leaves.size())));
        return d.digest();
    }

    private static List<String> leafHashes(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MessageDigest d = Hashing.sha256();
            d.update((byte) 0);
            d.update(("leaf " + i).getBytes(StandardCharsets.UTF_8));
            out.add(HEX.formatHex(d.digest()));
        }
        return out;
    }

    @Test
    void rootEqualsTheRecursiveRfc6962DefinitionForEverySizeUpTo40() {
        for (int n = 0; n <= 40; n++) {
            List<String> hashes = leafHashes(n);
            List<byte[]> raw = hashes.stream().map(HEX::parseHex).toList();
            assertThat(MerkleTree.ofLeafHashes(hashes).rootHex()).as("n=%d", n).isEqualTo(HEX.formatHex(mth(raw)));
        }
    }

    @Test
    void everyAuditPathLeadsToTheRootAndAWrongLeafOrIndexDoesNot() {
        for (int n = 1; n <= 33; n++) {
            List<String> hashes = leafHashes(n);
            MerkleTree t = MerkleTree.ofLeafHashes(hashes);
            for (int i = 0; i < n; i++) {
                List<String> path = t.auditPath(i);
                assertThat(MerkleTree.rootFromProof(hashes.get(i), i, n, path)).as("n=%d i=%d", n, i).isEqualTo(t.rootHex());
                String other = hashes.get((i + 1) % n);
                if (n > 1) assertThat(MerkleTree.rootFromProof(other, i, n, path)).isNotEqualTo(t.rootHex());
                if (n > 2) assertThat(MerkleTree.rootFromProof(hashes.get(i), (i + 1) % n, n, path)).isNotEqualTo(t.rootHex());
            }
        }
    }

    @Test
    void theDigestDependsOnTheItemsNotOnTheirOrderOrRepetition() {
        List<EvidenceRef> items = new ArrayList<>();
        for (int i = 0; i < 9; i++) items.add(Fixtures.evidence("/logs/conn.log", i + 1, Fixtures.T0 + (i % 4) * 1000));
        List<EvidenceRef> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new java.util.Random(7));
        shuffled.add(items.get(3));
        assertThat(MerkleDigest.rootOf(shuffled)).isEqualTo(MerkleDigest.rootOf(items));
        assertThat(MerkleDigest.over(shuffled).count()).isEqualTo(9);

        List<EvidenceRef> changed = new ArrayList<>(items);
        changed.set(4, EvidenceRef.newBuilder(items.get(4)).setRawSha256(Hashing.sha256Hex("other bytes")).build());
        assertThat(MerkleDigest.rootOf(changed)).isNotEqualTo(MerkleDigest.rootOf(items));
    }

    @Test
    void theLeafEncodingIsTheDocumentedNetstringSequence() {
        EvidenceRef e = Fixtures.evidence("/logs/conn.log", 12, 1_700_000_000_123L);
        String expected = "21:peerwatch-evidence-v1,64:" + e.getEventId() + ",9:zeek-conn,4:file,14:/logs/conn.log,2:-1,2:-1,2:12,64:"
                + e.getRawSha256() + ",13:1700000000123,";
        assertThat(new String(EvidenceLeaf.encode(e), StandardCharsets.UTF_8)).isEqualTo(expected);
        MessageDigest d = Hashing.sha256();
        d.update((byte) 0);
        d.update(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(EvidenceLeaf.hash(e)).isEqualTo(HEX.formatHex(d.digest()));
    }
}
