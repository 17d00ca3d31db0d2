package io.peerwatch.incidents.evidence;

import io.peerwatch.schema.EvidenceRef;
import java.util.List;

/**
 * The outcome of re-reading an incident's evidence. {@link #verdict()} is VERIFIED only when every listed raw
 * record still hashes to its recorded SHA-256 and the listed items belong to the incident's digest.
 */
public record VerificationReport(String findingUid, String expectedRoot, int digestCount, List<ItemResult> items,
                                 String recomputedRoot, boolean listMatchesDigest, Verdict verdict) {

    public enum Status { INTACT, ALTERED, MISSING }

    public enum Verdict {
        /** all listed records intact and the list belongs to the digest */
        VERIFIED,
        /** a record's bytes changed, or the incident's evidence list does not match its digest */
        TAMPERED,
        /** nothing altered, but some records could not be found */
        INCOMPLETE
    }

    /**
     * One item: {@code actualSha256} is the hash of the bytes read now (null when missing); {@code includedInDigest}
     * says whether the item (as recorded) is proven to be a leaf of the digest.
     */
    public record ItemResult(EvidenceRef item, Status status, String actualSha256, boolean includedInDigest, String detail) {}

    public long count(Status s) {
        return items.stream().filter(i -> i.status() == s).count();
    }

    public boolean rootMatches() {
        return recomputedRoot != null && recomputedRoot.equals(expectedRoot);
    }
}
