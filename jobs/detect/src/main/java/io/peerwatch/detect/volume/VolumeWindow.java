package io.peerwatch.detect.volume;

import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.VmRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes a VM sent in one baseline window (Flink POJO). Every field is a function of the set of flows, not of their
 * arrival order, so live and replay close the same window identically: sums, minimums and maximums, a destination
 * sample chosen by hash rank, and the largest flows under a total order.
 */
public class VolumeWindow {
    public long bytesOut;
    public long bytesIn;
    public long flows;
    public long firstSeen = Long.MAX_VALUE;
    public long lastSeen = Long.MIN_VALUE;
    /**
     * "ip|port" -> exact bytes sent, for the (at most {@code maxDestinationsPerWindow}) destinations of lowest hash
     * rank ({@link DestinationSample}); bytes to all other destinations are in {@link #otherBytes}.
     */
    public Map<String, Long> destinations = new HashMap<>();
    /** "ip|port" of the sample -> the earliest flow to it. */
    public Map<String, EvidenceRef> evidence = new HashMap<>();
    public long otherBytes;
    /** The sampled destination of highest rank (evicted first), or null when not known yet. */
    public String worstSampled;
    /** Allowlist coverage of the destination (indices of the entries that cover it, "" none) -> bytes. */
    public Map<String, Long> coveredBytes = new HashMap<>();
    /** The largest flows of the window (bytes descending, then time, then eventId), at most {@code maxEvidence}. */
    public List<LargeFlow> largest = new ArrayList<>();
    /** The VM as the latest flow (by event time, then eventId) of the window names it. */
    public VmRef vm;
    public BindingRef binding;
    public long vmTime = Long.MIN_VALUE;
    public String vmEventId;

    public VolumeWindow() {}
}
