package io.peerwatch.detect.volume;

import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.VmRef;
import java.util.HashMap;
import java.util.Map;

/** Bytes a VM sent in one baseline window, per destination (bounded), with evidence (Flink POJO). */
public class VolumeWindow {
    public long bytesOut;
    public long bytesIn;
    public long flows;
    public long firstSeen = Long.MAX_VALUE;
    public long lastSeen = Long.MIN_VALUE;
    /** "ip|port" -> bytes sent; beyond the bound bytes go to {@link #otherBytes}. */
    public Map<String, Long> destinations = new HashMap<>();
    /** "ip|port" -> the first flow to it. */
    public Map<String, EvidenceRef> evidence = new HashMap<>();
    public long otherBytes;
    /** The VM as the latest flow (by event time, then eventId) of the window names it. */
    public VmRef vm;
    public BindingRef binding;
    public long vmTime = Long.MIN_VALUE;
    public String vmEventId;

    public VolumeWindow() {}
}
