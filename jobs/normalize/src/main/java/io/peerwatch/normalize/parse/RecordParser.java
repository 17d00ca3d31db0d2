package io.peerwatch.normalize.parse;

import io.peerwatch.common.RawRecord;
import java.util.List;

/**
 * Parses the raw records of one FORMAT. One instance serves one subtask and may keep per-source state
 * (a Zeek TSV {@code #fields} header, a VPC flow log header line, an auditd event being assembled) keyed by
 * {@link RawRecord#sourceName} and partition. Implementations never let an unchecked exception escape for bad
 * input: they throw {@link ParseException} with an error class, and the pipeline dead-letters the record.
 *
 * <p>A parser that holds records back (answering them with a skip such as "partial") must give what it holds
 * from {@link #flush()} at the end of the input, so nothing it has counted as read is silently lost.
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

    /**
     * Like {@link #parse(RawRecord)}, with the record as it arrived: {@code raw} may be a copy the guard cut a BOM
     * or line terminator from, {@code origin} is the original with its SHA-256. Parsers that attribute events to
     * an earlier record ({@link Parsed#origin()}) keep the origin; the others need not override this.
     */
    default ParseOutcome parse(RawRecord raw, Origin origin) throws ParseException {
        return parse(raw);
    }

    /**
     * End of the input (a bounded file run or Kafka range ended, or a job is drained): the events still held from
     * records already answered with a skip, each with its {@link Parsed#origin()}; afterwards the parser holds
     * nothing. Called at most once per input end, never concurrently with {@link #parse}; must not throw for any
     * state bad input left behind. The default holds nothing.
     */
    default List<Parsed> flush() {
        return List.of();
    }
}
