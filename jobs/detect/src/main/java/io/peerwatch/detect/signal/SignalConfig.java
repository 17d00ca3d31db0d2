package io.peerwatch.detect.signal;

import java.io.Serializable;
import java.time.Duration;

/**
 * Thresholds of signal extraction. Defaults follow the protocol notes (peers churn within minutes, DHT exchanges
 * are a few hundred bytes) and were checked on the development captures; every bound on state is here too.
 */
public final class SignalConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Sliding window of peer contacts. */
    public final long peerWindowMillis;
    /** Distinct peers before a fan-out signal. */
    public final int minPeers;
    /** Distinct remote ports / distinct peers at least this (peers pick their own ports; a service has one). */
    public final double minRemotePortDiversity;
    /** Share of contacts on a look-alike protocol's ports above which the fan-out is attributed to it. */
    public final double lookalikeShare;
    /** A VM whose fan-out was explained by a look-alike keeps that label this long. */
    public final long lookalikeMemoryMillis;
    /** Mean bytes per peer (each way) below which a one-port UDP fan-out looks like DHT queries. */
    public final long dhtMaxBytesPerPeer;
    /** Bytes sent to peers within the window before a peer-upload signal. */
    public final long uploadMinBytes;
    /** Upload share (out / (out + in)) of that traffic for peer-upload. */
    public final double uploadMinShare;
    /** The same signal is repeated at most once per cooldown unless its count doubled. */
    public final long cooldownMillis;
    /** How long a BitTorrent endpoint (VM, local port) is remembered. */
    public final long endpointTtlMillis;
    /** Bounds of per-VM state. */
    public final int maxTrackedPeers;
    public final int maxEndpoints;
    public final int maxRecentSignals;
    public final int maxEvidencePerSignal;
    /** A VM's signal state is dropped after this much event time without activity. */
    public final long idleStateTtlMillis;

    private SignalConfig(Builder b) {
        this.peerWindowMillis = positive("peerWindow", b.peerWindow.toMillis());
        this.minPeers = (int) positive("minPeers", b.minPeers);
        this.minRemotePortDiversity = b.minRemotePortDiversity;
        this.lookalikeShare = b.lookalikeShare;
        this.lookalikeMemoryMillis = positive("lookalikeMemory", b.lookalikeMemory.toMillis());
        this.dhtMaxBytesPerPeer = positive("dhtMaxBytesPerPeer", b.dhtMaxBytesPerPeer);
        this.uploadMinBytes = positive("uploadMinBytes", b.uploadMinBytes);
        this.uploadMinShare = b.uploadMinShare;
        this.cooldownMillis = positive("cooldown", b.cooldown.toMillis());
        this.endpointTtlMillis = positive("endpointTtl", b.endpointTtl.toMillis());
        this.maxTrackedPeers = (int) positive("maxTrackedPeers", b.maxTrackedPeers);
        this.maxEndpoints = (int) positive("maxEndpoints", b.maxEndpoints);
        this.maxRecentSignals = (int) positive("maxRecentSignals", b.maxRecentSignals);
        this.maxEvidencePerSignal = (int) positive("maxEvidencePerSignal", b.maxEvidencePerSignal);
        this.idleStateTtlMillis = Math.max(positive("idleStateTtl", b.idleStateTtl.toMillis()),
                Math.max(peerWindowMillis, cooldownMillis));
        if (minPeers < 2) throw new IllegalArgumentException("minPeers must be >= 2");
        if (maxTrackedPeers < minPeers) throw new IllegalArgumentException("maxTrackedPeers must be >= minPeers");
    }

    private static long positive(String what, long v) {
        if (v <= 0) throw new IllegalArgumentException(what + " must be > 0, got " + v);
        return v;
    }

    public static SignalConfig defaults() { return builder().build(); }

    public static Builder builder() { return new Builder(); }

    public static final class Builder {
        private Duration peerWindow = Duration.ofMinutes(5);
        private int minPeers = 3;
        private double minRemotePortDiversity = 0.5;
        private double lookalikeShare = 0.05;
        private Duration lookalikeMemory = Duration.ofHours(1);
        private long dhtMaxBytesPerPeer = 1500;
        private long uploadMinBytes = 20_000_000L;
        private double uploadMinShare = 0.5;
        private Duration cooldown = Duration.ofMinutes(5);
        private Duration endpointTtl = Duration.ofHours(1);
        private int maxTrackedPeers = 512;
        private int maxEndpoints = 16;
        private int maxRecentSignals = 64;
        private int maxEvidencePerSignal = 8;
        private Duration idleStateTtl = Duration.ofHours(1);

        public Builder peerWindow(Duration v) { peerWindow = v; return this; }
        public Builder minPeers(int v) { minPeers = v; return this; }
        public Builder minRemotePortDiversity(double v) { minRemotePortDiversity = v; return this; }
        public Builder lookalikeShare(double v) { lookalikeShare = v; return this; }
        public Builder lookalikeMemory(Duration v) { lookalikeMemory = v; return this; }
        public Builder dhtMaxBytesPerPeer(long v) { dhtMaxBytesPerPeer = v; return this; }
        public Builder uploadMinBytes(long v) { uploadMinBytes = v; return this; }
        public Builder uploadMinShare(double v) { uploadMinShare = v; return this; }
        public Builder cooldown(Duration v) { cooldown = v; return this; }
        public Builder endpointTtl(Duration v) { endpointTtl = v; return this; }
        public Builder maxTrackedPeers(int v) { maxTrackedPeers = v; return this; }
        public Builder maxEndpoints(int v) { maxEndpoints = v; return this; }
        public Builder maxRecentSignals(int v) { maxRecentSignals = v; return this; }
        public Builder maxEvidencePerSignal(int v) { maxEvidencePerSignal = v; return this; }
        public Builder idleStateTtl(Duration v) { idleStateTtl = v; return this; }

        public SignalConfig build() { return new SignalConfig(this); }
    }
}
