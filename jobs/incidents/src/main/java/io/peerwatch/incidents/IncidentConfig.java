package io.peerwatch.incidents;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the incident stage. Immutable; every bound here exists so that one noisy VM cannot grow state or
 * alerts without limit. Defaults suit live use; tests shorten the intervals.
 */
public final class IncidentConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Duration updateInterval;
    private final Duration quietPeriod;
    private final Duration detectionGrace;
    private final double materialGrowth;
    private final int maxTimeline;
    private final int maxFirstEvidence;
    private final int maxSignificantEvidence;
    private final int maxTopPeers;
    private final int maxInfoHashes;
    private final int maxTrackerHosts;
    private final int maxEvidenceLeaves;
    private final int maxTrackedPeers;
    private final String quarantineGroup;

    private IncidentConfig(Builder b) {
        if (b.updateInterval.isNegative() || b.quietPeriod.isZero() || b.quietPeriod.isNegative()) {
            throw new IllegalArgumentException("updateInterval must be >= 0 and quietPeriod > 0");
        }
        if (b.materialGrowth < 0) throw new IllegalArgumentException("materialGrowth must be >= 0");
        this.updateInterval = b.updateInterval;
        this.quietPeriod = b.quietPeriod;
        this.detectionGrace = b.detectionGrace;
        this.materialGrowth = b.materialGrowth;
        this.maxTimeline = positive("maxTimeline", b.maxTimeline);
        this.maxFirstEvidence = positive("maxFirstEvidence", b.maxFirstEvidence);
        this.maxSignificantEvidence = atLeastZero("maxSignificantEvidence", b.maxSignificantEvidence);
        this.maxTopPeers = positive("maxTopPeers", b.maxTopPeers);
        this.maxInfoHashes = positive("maxInfoHashes", b.maxInfoHashes);
        this.maxTrackerHosts = positive("maxTrackerHosts", b.maxTrackerHosts);
        this.maxEvidenceLeaves = positive("maxEvidenceLeaves", b.maxEvidenceLeaves);
        this.maxTrackedPeers = positive("maxTrackedPeers", b.maxTrackedPeers);
        this.quarantineGroup = b.quarantineGroup;
    }

    private static int positive(String name, int v) {
        if (v <= 0) throw new IllegalArgumentException(name + " must be > 0");
        return v;
    }

    private static int atLeastZero(String name, int v) {
        if (v < 0) throw new IllegalArgumentException(name + " must be >= 0");
        return v;
    }

    public static IncidentConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** At most one UPDATE per this much event time (CREATE and CLOSE are never held back). */
    public Duration updateInterval() { return updateInterval; }
    /** An incident closes when no detection arrived for this much event time after its last activity. */
    public Duration quietPeriod() { return quietPeriod; }

    /**
     * For detections without {@code detectedAt} (producers other than peerwatch's detect stage): how long after
     * the detection's last signal the incident waits before folding it in. Detections that state when they were
     * complete are folded at exactly that time.
     */
    public Duration detectionGrace() { return detectionGrace; }
    /** Relative growth of bytes or peers that counts as a material change (0.10 = 10 %). */
    public double materialGrowth() { return materialGrowth; }
    public int maxTimeline() { return maxTimeline; }
    public int maxFirstEvidence() { return maxFirstEvidence; }
    public int maxSignificantEvidence() { return maxSignificantEvidence; }
    public int maxTopPeers() { return maxTopPeers; }
    public int maxInfoHashes() { return maxInfoHashes; }
    public int maxTrackerHosts() { return maxTrackerHosts; }
    /** Evidence items kept per incident for the digest; beyond this the digest covers the first ones only. */
    public int maxEvidenceLeaves() { return maxEvidenceLeaves; }
    /** Distinct peers tracked per incident; beyond this the peer count is a lower bound. */
    public int maxTrackedPeers() { return maxTrackedPeers; }
    /** How response commands name the quarantine security group (a shell variable by default, never a guess). */
    public String quarantineGroup() { return quarantineGroup; }

    public static final class Builder {
        private Duration updateInterval = Duration.ofMinutes(5);
        private Duration quietPeriod = Duration.ofMinutes(30);
        private Duration detectionGrace = Duration.ofMinutes(15);
        private double materialGrowth = 0.10;
        private int maxTimeline = 20;
        private int maxFirstEvidence = 16;
        private int maxSignificantEvidence = 16;
        private int maxTopPeers = 10;
        private int maxInfoHashes = 32;
        private int maxTrackerHosts = 32;
        private int maxEvidenceLeaves = 100_000;
        private int maxTrackedPeers = 100_000;
        private String quarantineGroup = "$PEERWATCH_QUARANTINE_SG";

        public Builder updateInterval(Duration d) { this.updateInterval = d; return this; }
        public Builder quietPeriod(Duration d) { this.quietPeriod = d; return this; }
        public Builder detectionGrace(Duration d) { this.detectionGrace = d; return this; }
        public Builder materialGrowth(double f) { this.materialGrowth = f; return this; }
        public Builder maxTimeline(int n) { this.maxTimeline = n; return this; }
        public Builder maxFirstEvidence(int n) { this.maxFirstEvidence = n; return this; }
        public Builder maxSignificantEvidence(int n) { this.maxSignificantEvidence = n; return this; }
        public Builder maxTopPeers(int n) { this.maxTopPeers = n; return this; }
        public Builder maxInfoHashes(int n) { this.maxInfoHashes = n; return this; }
        public Builder maxTrackerHosts(int n) { this.maxTrackerHosts = n; return this; }
        public Builder maxEvidenceLeaves(int n) { this.maxEvidenceLeaves = n; return this; }
        public Builder maxTrackedPeers(int n) { this.maxTrackedPeers = n; return this; }
        public Builder quarantineGroup(String g) { this.quarantineGroup = g; return this; }

        public IncidentConfig build() {
            return new IncidentConfig(this);
        }
    }
}
