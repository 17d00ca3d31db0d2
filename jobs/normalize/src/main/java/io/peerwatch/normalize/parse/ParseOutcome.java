package io.peerwatch.normalize.parse;

import java.util.List;

/** Either the events parsed from a record, or a skip with its reason (counted, not an error). */
public record ParseOutcome(List<Parsed> events, String skipReason) {

    public static ParseOutcome of(Parsed event) { return new ParseOutcome(List.of(event), null); }

    public static ParseOutcome of(List<Parsed> events) { return new ParseOutcome(List.copyOf(events), null); }

    /** e.g. "header", "comment", "NODATA", "partial (waiting for the rest of the audit event)". */
    public static ParseOutcome skip(String reason) { return new ParseOutcome(List.of(), reason); }

    public boolean skipped() { return skipReason != null; }
}
