package io.peerwatch.incidents.evidence;

import io.peerwatch.schema.EvidenceRef;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Re-reads raw records by their coordinates (file/line or topic/partition/offset) so evidence can be checked
 * against the SHA-256 recorded when it was first read.
 */
public interface RawRecordLookup extends AutoCloseable {

    /** The outcome of one look-up: the raw bytes, or why there are none. */
    record Result(byte[] bytes, String problem) {
        public static Result found(byte[] bytes) { return new Result(bytes, null); }
        public static Result missing(String problem) { return new Result(null, problem); }
        public boolean isFound() { return bytes != null; }
    }

    /** One record. {@code item.format} says how records are framed (one per line, or one per file). */
    Result fetch(EvidenceRef item);

    /** Many records; implementations override this to read each file or partition once. Keyed by eventId. */
    default Map<String, Result> fetchAll(Collection<EvidenceRef> items) {
        Map<String, Result> out = new LinkedHashMap<>();
        for (EvidenceRef e : items) out.put(e.getEventId(), fetch(e));
        return out;
    }

    @Override
    default void close() {}
}
