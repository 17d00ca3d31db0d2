package io.peerwatch.detect.volume;

import java.io.Serializable;
import java.time.Duration;

/**
 * Per-VM outbound volume baseline settings. A window is flagged when, after its warm-up, the VM sent at least
 * {@code floorBytes}, at least {@code minRatio} times its median window, with a modified z-score of at least
 * {@code minZ}. Only bytes the VM sent count (downloads are not exfiltration).
 */
public final class VolumeConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public final long windowMillis;
    public final int historyWindows;
    public final int warmupWindows;
    public final long floorBytes;
    public final double minRatio;
    public final double minZ;
    /** MAD is at least this share of the median (a perfectly regular VM would otherwise alarm on any change). */
    public final double madFloorShare;
    /** A transfer to the same destination one or more days earlier at the same time of day is expected. */
    public final boolean recurringIsExpected;
    public final int maxDestinationsPerWindow;
    public final int maxKnownDestinations;
    public final int maxEvidence;
    public final Allowlist allowlist;

    private VolumeConfig(Builder b) {
        this.windowMillis = b.window.toMillis();
        if (windowMillis < 60_000) throw new IllegalArgumentException("volume window must be >= 1m");
        if (b.historyWindows < 3 || b.historyWindows > 1000) throw new IllegalArgumentException("historyWindows must be 3..1000");
        if (b.warmupWindows < 1 || b.warmupWindows > b.historyWindows) throw new IllegalArgumentException("warmupWindows must be 1..historyWindows");
        if (b.floorBytes < 0 || b.minRatio < 1 || b.minZ < 0) throw new IllegalArgumentException("floor >= 0, minRatio >= 1, minZ >= 0");
        this.historyWindows = b.historyWindows;
        this.warmupWindows = b.warmupWindows;
        this.floorBytes = b.floorBytes;
        this.minRatio = b.minRatio;
        this.minZ = b.minZ;
        this.madFloorShare = b.madFloorShare;
        this.recurringIsExpected = b.recurringIsExpected;
        this.maxDestinationsPerWindow = b.maxDestinationsPerWindow;
        this.maxKnownDestinations = b.maxKnownDestinations;
        this.maxEvidence = b.maxEvidence;
        this.allowlist = b.allowlist;
    }

    public static VolumeConfig defaults() { return builder().build(); }

    public static Builder builder() { return new Builder(); }

    public Builder toBuilder() {
        return new Builder().window(Duration.ofMillis(windowMillis)).historyWindows(historyWindows).warmupWindows(warmupWindows)
                .floorBytes(floorBytes).minRatio(minRatio).minZ(minZ).madFloorShare(madFloorShare)
                .recurringIsExpected(recurringIsExpected).maxDestinationsPerWindow(maxDestinationsPerWindow)
                .maxKnownDestinations(maxKnownDestinations).maxEvidence(maxEvidence).allowlist(allowlist);
    }

    public static final class Builder {
        private Duration window = Duration.ofHours(1);
        private int historyWindows = 24;
        private int warmupWindows = 3;
        private long floorBytes = 50_000_000L;
        private double minRatio = 3.0;
        private double minZ = 3.5;
        private double madFloorShare = 0.1;
        private boolean recurringIsExpected = true;
        private int maxDestinationsPerWindow = 32;
        private int maxKnownDestinations = 256;
        private int maxEvidence = 8;
        private Allowlist allowlist = Allowlist.empty();

        public Builder window(Duration v) { window = v; return this; }
        public Builder historyWindows(int v) { historyWindows = v; return this; }
        public Builder warmupWindows(int v) { warmupWindows = v; return this; }
        public Builder floorBytes(long v) { floorBytes = v; return this; }
        public Builder minRatio(double v) { minRatio = v; return this; }
        public Builder minZ(double v) { minZ = v; return this; }
        public Builder madFloorShare(double v) { madFloorShare = v; return this; }
        public Builder recurringIsExpected(boolean v) { recurringIsExpected = v; return this; }
        public Builder maxDestinationsPerWindow(int v) { maxDestinationsPerWindow = v; return this; }
        public Builder maxKnownDestinations(int v) { maxKnownDestinations = v; return this; }
        public Builder maxEvidence(int v) { maxEvidence = v; return this; }
        public Builder allowlist(Allowlist v) { allowlist = java.util.Objects.requireNonNull(v); return this; }

        public VolumeConfig build() { return new VolumeConfig(this); }
    }
}
