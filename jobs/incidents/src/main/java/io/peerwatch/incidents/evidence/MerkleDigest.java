package io.peerwatch.incidents.evidence;

import io.peerwatch.schema.EvidenceDigest;
import io.peerwatch.schema.EvidenceProof;
import io.peerwatch.schema.EvidenceRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The digest an incident carries over ALL its evidence: the RFC 6962 Merkle root over the items in canonical order
 * ({@link EvidenceLeaf}), the item count, and for the (bounded) listed items their inclusion proofs.
 */
public final class MerkleDigest {
    public static final String ALGORITHM = "sha256-merkle-rfc6962";

    private final List<EvidenceRef> leaves;
    private final MerkleTree tree;
    private final Map<String, Integer> indexById = new HashMap<>();

    private MerkleDigest(List<EvidenceRef> leaves, List<String> leafHashes) {
        this.leaves = leaves;
        this.tree = MerkleTree.ofLeafHashes(leafHashes);
        for (int i = 0; i < leaves.size(); i++) indexById.put(leaves.get(i).getEventId(), i);
    }

    /** Digest over the items (any order, duplicates by eventId counted once). */
    public static MerkleDigest over(Collection<EvidenceRef> items) {
        List<EvidenceRef> leaves = EvidenceLeaf.canonical(items);
        List<String> hashes = new ArrayList<>(leaves.size());
        for (EvidenceRef e : leaves) hashes.add(EvidenceLeaf.hash(e));
        return new MerkleDigest(leaves, hashes);
    }

    /** Just the root over the items: what a verifier recomputes from a complete list. */
    public static String rootOf(Collection<EvidenceRef> items) {
        return over(items).rootHex();
    }

    public String rootHex() {
        return tree.rootHex();
    }

    public int count() {
        return tree.size();
    }

    /** The leaves in canonical order. */
    public List<EvidenceRef> leaves() {
        return leaves;
    }

    public EvidenceDigest toAvro() {
        return new EvidenceDigest(ALGORITHM, rootHex(), count());
    }

    /** The inclusion proof of the item with this eventId, or null when it is not a leaf. */
    public EvidenceProof proof(String eventId) {
        Integer i = indexById.get(eventId);
        if (i == null) return null;
        return new EvidenceProof(eventId, (long) i, tree.auditPath(i));
    }
}
