package io.peerwatch.identity.output;

import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.NormalizedEvent;

/** Evidence pointers to the raw record behind an identity fact, for BindingRef.evidence. */
public final class Evidence {
    private static final int MAX_SUMMARY = 200;

    private Evidence() {}

    public static EvidenceRef of(NormalizedEvent e, String summary) {
        String s = summary == null ? "" : summary;
        if (s.length() > MAX_SUMMARY) s = s.substring(0, MAX_SUMMARY);
        return EvidenceRef.newBuilder()
                .setEventId(e.getEventId())
                .setFormat(e.getFormat())
                .setSource(e.getSource())
                .setRawSha256(e.getRawSha256())
                .setEventTime(e.getEventTime())
                .setSummary(s)
                .build();
    }
}
