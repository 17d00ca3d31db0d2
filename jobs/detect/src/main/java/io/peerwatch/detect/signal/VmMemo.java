package io.peerwatch.detect.signal;

/** Per-VM bookkeeping of the signal extractor (Flink POJO). */
public class VmMemo {
    public long lastActivity = Long.MIN_VALUE;
    /** Pending cleanup timer, or Long.MIN_VALUE. */
    public long cleanupAt = Long.MIN_VALUE;
    public long nextSweep = Long.MIN_VALUE;
    /** Entries in the peer map (including not yet swept ones). */
    public int trackedPeers;
    /** Re-evaluate fan-out once trackedPeers reaches this (geometric, so a busy VM is not re-scanned per flow). */
    public int nextFanoutEval;
    /** Approximate bytes sent on peer flows inside the window (exact value computed when it crosses the threshold). */
    public long windowBytesOut;
    public long fanoutAt = Long.MIN_VALUE;
    public int fanoutCount;
    public long dhtAt = Long.MIN_VALUE;
    public int dhtCount;
    public long uploadAt = Long.MIN_VALUE;
    public long uploadBytes;
    public long lookalikeAt = Long.MIN_VALUE;
    /** The look-alike protocol that last explained this VM's fan-out (gnutella, edonkey, other-p2p), or null. */
    public String lookalike;
    public long lookalikeSeenAt = Long.MIN_VALUE;
    /** New peers not tracked because the map was full (the fan-out was already far above threshold). */
    public long droppedPeers;

    public VmMemo() {}
}
