package io.peerwatch.normalize.parse;

import io.peerwatch.common.Hashing;
import io.peerwatch.common.RawRecord;
import io.peerwatch.schema.SourceRef;

/**
 * The raw record an event is attributed to (its envelope's source, rawSha256 and event id) when that is not the
 * record being parsed: an auditd event assembled from several lines is attributed to its FIRST line, whichever
 * record or end-of-input later makes it complete, so its event id is the same in live and replayed runs and its
 * evidence points at a line of the event itself. Holds the record as it ARRIVED (before the guard cut a BOM or
 * a line terminator), so the hash matches what an evidence check re-reads from the source.
 */
public final class Origin {
    private final RawRecord record;
    private String rawSha256;

    /** @param rawSha256 SHA-256 of {@code record.bytes}, or null to compute it when first needed */
    public Origin(RawRecord record, String rawSha256) {
        if (record == null) throw new IllegalArgumentException("origin without record");
        this.record = record;
        this.rawSha256 = rawSha256;
    }

    /** For direct parser calls (tests, benchmarks): the record is taken as it arrived. */
    public static Origin of(RawRecord record) {
        return new Origin(record, null);
    }

    public RawRecord record() { return record; }

    public SourceRef source() { return record.sourceRef(); }

    public String rawSha256() {
        if (rawSha256 == null) rawSha256 = Hashing.sha256Hex(record.bytes == null ? new byte[0] : record.bytes);
        return rawSha256;
    }

    /** Bytes held by this origin (parsers count it against their buffer budget). */
    public int size() {
        return record.bytes == null ? 0 : record.bytes.length;
    }
}
