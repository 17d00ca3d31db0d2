package io.peerwatch.normalize.parse;

import io.peerwatch.common.RawRecord;

/**
 * Parses the raw records of one FORMAT. One instance serves one subtask and may keep per-source state
 * (a Zeek TSV {@code #fields} header, a VPC flow log header line) keyed by {@link RawRecord#sourceName} and
 * partition. Implementations never let an unchecked exception escape for bad input: they throw
 * {@link ParseException} with an error class, and the pipeline dead-letters the record.
 */
public interface RecordParser {

    /** The FORMAT this parser reads. */
    String format();

    /**
     * @return the events of this record (usually one; several for e.g. an auditd event assembled from lines),
     *     or a skip with its reason (headers, comments, NODATA records)
     * @throws ParseException when the record is malformed or fails validation
     */
    ParseOutcome parse(RawRecord raw) throws ParseException;
}
