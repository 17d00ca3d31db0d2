package io.peerwatch.incidents.evidence;

import io.peerwatch.common.Hashing;
import io.peerwatch.schema.EvidenceProof;
import io.peerwatch.schema.EvidenceRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an incident's evidence against the raw records: each listed item is re-read through a
 * {@link RawRecordLookup} and its bytes hashed (INTACT / ALTERED / MISSING), and each item is checked to be a leaf
 * of the incident's digest (by its inclusion proof, or by recomputing the root when the list is complete). The
 * root is also recomputed from the bytes read now, so any change to any record shows as a different root.
 */
public final class EvidenceVerifier {
    private EvidenceVerifier() {}

    public static VerificationReport verify(IncidentEvidence incident, RawRecordLookup lookup) {
        String expectedRoot = incident.digest().getRoot();
        long treeSize = incident.digest().getCount();
        Map<String, EvidenceProof> proofs = new HashMap<>();
        for (EvidenceProof p : incident.proofs()) proofs.put(p.getEventId(), p);

        boolean completeAndConsistent = incident.complete()
                && MerkleDigest.rootOf(incident.items()).equals(expectedRoot);

        Map<String, RawRecordLookup.Result> raw = lookup.fetchAll(incident.items());
        List<VerificationReport.ItemResult> results = new ArrayList<>();
        List<EvidenceRef> reread = new ArrayList<>();
        boolean anyMissing = false;
        boolean allIncluded = true;
        for (EvidenceRef item : incident.items()) {
            boolean included = completeAndConsistent || provenByProof(item, proofs.get(item.getEventId()), treeSize, expectedRoot);
            allIncluded &= included;
            RawRecordLookup.Result r = raw.get(item.getEventId());
            if (r == null || !r.isFound()) {
                anyMissing = true;
                results.add(new VerificationReport.ItemResult(item, VerificationReport.Status.MISSING, null, included,
                        r == null ? "not looked up" : r.problem()));
                continue;
            }
            String actual = Hashing.sha256Hex(r.bytes());
            boolean same = actual.equalsIgnoreCase(item.getRawSha256());
            results.add(new VerificationReport.ItemResult(item, same ? VerificationReport.Status.INTACT : VerificationReport.Status.ALTERED,
                    actual, included, same ? "sha256 matches" : "sha256 differs from the recorded " + item.getRawSha256()));
            reread.add(EvidenceRef.newBuilder(item).setRawSha256(actual).build());
        }
        String recomputed = incident.complete() && !anyMissing ? MerkleDigest.rootOf(reread) : null;
        boolean anyAltered = results.stream().anyMatch(x -> x.status() == VerificationReport.Status.ALTERED);
        VerificationReport.Verdict verdict = anyAltered || !allIncluded ? VerificationReport.Verdict.TAMPERED
                : anyMissing ? VerificationReport.Verdict.INCOMPLETE : VerificationReport.Verdict.VERIFIED;
        return new VerificationReport(incident.findingUid(), expectedRoot, incident.digest().getCount(), results,
                recomputed, allIncluded, verdict);
    }

    private static boolean provenByProof(EvidenceRef item, EvidenceProof proof, long treeSize, String root) {
        if (proof == null) return false;
        String r = MerkleTree.rootFromProof(EvidenceLeaf.hash(item), proof.getLeafIndex(), treeSize, proof.getPath());
        return root.equals(r);
    }
}
