package io.peerwatch.detect.signal;

import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.NormalizedEvent;

/** Evidence pointers from normalized events: enough to re-read and verify the raw record. */
public final class EvidenceRefs {
    public static final int MAX_SUMMARY_CHARS = 200;

    private EvidenceRefs() {}

    public static EvidenceRef of(NormalizedEvent e, String summary) {
        return EvidenceRef.newBuilder()
                .setEventId(e.getEventId())
                .setFormat(e.getFormat())
                .setSource(e.getSource())
                .setRawSha256(e.getRawSha256())
                .setEventTime(e.getEventTime())
                .setSummary(bound(summary))
                .build();
    }

    static String bound(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_SUMMARY_CHARS));
        for (int i = 0; i < s.length() && b.length() < MAX_SUMMARY_CHARS; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c); // summaries end up in SIEM JSON and terminals
        }
        return b.toString();
    }
}
