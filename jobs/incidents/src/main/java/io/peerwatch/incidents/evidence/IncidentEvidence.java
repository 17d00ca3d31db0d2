package io.peerwatch.incidents.evidence;

import io.peerwatch.schema.EvidenceDigest;
import io.peerwatch.schema.EvidenceProof;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.Incident;
import java.util.List;

/**
 * What verification needs of one incident revision: its digest, the evidence items it lists and their inclusion
 * proofs. Built from an Avro {@link Incident} or read back from OCSF JSON ({@link IncidentFiles}).
 */
public record IncidentEvidence(String findingUid, int revision, String activity, EvidenceDigest digest,
                               List<EvidenceRef> items, List<EvidenceProof> proofs) {

    public IncidentEvidence {
        items = List.copyOf(items);
        proofs = List.copyOf(proofs);
    }

    public static IncidentEvidence of(Incident i) {
        return new IncidentEvidence(i.getFindingUid(), i.getRevision(), i.getActivity().name(), i.getEvidenceDigest(),
                i.getEvidence(), i.getEvidenceProofs());
    }

    /** True when the listed items are all the digest covers, so the root can be recomputed from them alone. */
    public boolean complete() {
        return items.size() == digest.getCount();
    }
}
