package io.peerwatch.detect.volume;

import io.peerwatch.schema.EvidenceRef;
import java.util.Comparator;

/** One of the largest flows of a volume window: where it went, how much, and its evidence (Flink POJO). */
public class LargeFlow {
    /** Largest first; equal sizes by time, then eventId: a total order, so the kept set is order-free. */
    public static final Comparator<LargeFlow> LARGEST_FIRST = Comparator.comparingLong((LargeFlow f) -> -f.bytes)
            .thenComparingLong(f -> f.evidence.getEventTime())
            .thenComparing(f -> f.evidence.getEventId());

    public String destination;
    public long bytes;
    public EvidenceRef evidence;

    public LargeFlow() {}

    public LargeFlow(String destination, long bytes, EvidenceRef evidence) {
        this.destination = destination;
        this.bytes = bytes;
        this.evidence = evidence;
    }
}
