package io.peerwatch.incidents.lifecycle;

/**
 * Book-keeping of one living incident that is not part of the emitted record: timers, what was last emitted (to
 * decide whether a change is material) and the counts behind the bounded lists. A Flink POJO of primitives and
 * strings, so it is serialized without Kryo.
 */
public class LifecycleState {
    public static final long NONE = Long.MIN_VALUE;

    public boolean createEmitted;
    public int nextRevision;
    public long lastEmittedAt = NONE;
    public long updateTimer = NONE;
    public long closeTimer = NONE;

    public double baseConfidence;
    public boolean allExpected = true;
    public String expectedReason;

    public int peerCount;
    public boolean peersCapped;
    public long maxFanOut;
    public long evidenceCount;
    public long evidenceDropped;
    public int timelineDropped;

    // figures of the last emitted revision
    public long emittedBytesOut;
    public int emittedPeers;
    public int emittedKinds;
    public int emittedInfoHashes;
    public int emittedTrackers;
    public int emittedSeverity;
    public boolean emittedClient;
    public String emittedVerdict;

    public LifecycleState() {}
}
