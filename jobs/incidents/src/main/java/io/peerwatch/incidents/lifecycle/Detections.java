package io.peerwatch.incidents.lifecycle;

import io.peerwatch.common.Hashing;
import io.peerwatch.schema.Detection;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.Signal;
import java.util.ArrayList;
import java.util.List;

/** Identity and validity of incoming detections. */
public final class Detections {
    private Detections() {}

    /** The key of the living incident a detection belongs to: one per (VM, category). */
    public static String incidentKey(Detection d) {
        return d.getVmKey() + "\u0000" + d.getCategory();
    }

    /**
     * A content id, so detections at the same event time are processed in the same order whatever their arrival
     * order. Built from fields only (never from Avro map iteration order).
     */
    public static String id(Detection d) {
        List<String> parts = new ArrayList<>();
        parts.add(d.getVmKey());
        parts.add(d.getCategory());
        parts.add(d.getPatternId());
        parts.add(d.getPatternVersion());
        parts.add(Long.toString(d.getFirstSeen()));
        parts.add(Long.toString(d.getLastSeen()));
        parts.add(d.getSeverity());
        parts.add(Double.toString(d.getConfidence()));
        parts.add(String.valueOf(d.getExpectedReason()));
        for (Signal s : d.getSignals()) {
            parts.add(s.getKind());
            parts.add(Long.toString(s.getTime()));
            parts.add(String.valueOf(s.getRemoteIp()));
            parts.add(Integer.toString(s.getRemotePort()));
            parts.add(Long.toString(s.getBytesOut()));
            parts.add(Long.toString(s.getBytesIn()));
            parts.add(Long.toString(s.getCount()));
            for (EvidenceRef e : s.getEvidence()) parts.add(e.getEventId());
        }
        return Hashing.sha256HexOf(parts.toArray(new String[0]));
    }

    /** Why a detection cannot become part of an incident, or null when it can. */
    public static String invalidReason(Detection d) {
        if (d.getVmKey() == null || d.getVmKey().isBlank()) return "empty vmKey";
        if (d.getCategory() == null || d.getCategory().isBlank()) return "empty category";
        if (d.getPatternId() == null || d.getPatternId().isBlank()) return "empty patternId";
        if (d.getFirstSeen() > d.getLastSeen()) return "firstSeen after lastSeen";
        for (Signal s : d.getSignals()) {
            for (EvidenceRef e : s.getEvidence()) {
                if (e.getEventId() == null || e.getSource() == null || e.getRawSha256() == null) return "incomplete evidence reference";
            }
        }
        return null;
    }
}
