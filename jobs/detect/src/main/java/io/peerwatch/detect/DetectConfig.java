package io.peerwatch.detect;

import io.peerwatch.detect.pattern.PatternFiles;
import io.peerwatch.detect.pattern.PatternSpec;
import io.peerwatch.detect.signal.SignalConfig;
import io.peerwatch.detect.volume.Allowlist;
import io.peerwatch.detect.volume.VolumeConfig;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the detect stage needs, immutable and serializable: the validated patterns, signal thresholds,
 * and the volume baseline with its allowlist. Files are read here, once, when a job is defined.
 */
public final class DetectConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_SIGNALS_PER_DETECTION = 16;

    private final List<PatternSpec> patterns;
    private final SignalConfig signals;
    private final VolumeConfig volume;
    private final int maxSignalsPerDetection;

    private DetectConfig(Builder b) {
        if (b.patterns == null || b.patterns.isEmpty()) throw new IllegalArgumentException("no detection patterns");
        Set<String> ids = new HashSet<>();
        for (PatternSpec p : b.patterns) {
            if (!ids.add(p.id())) throw new IllegalArgumentException("duplicate pattern id " + p.id());
            if (b.maxSignalsPerDetection < p.stages().size()) {
                throw new IllegalArgumentException("maxSignalsPerDetection must be >= the stages of " + p.id());
            }
        }
        this.patterns = List.copyOf(b.patterns);
        this.signals = Objects.requireNonNull(b.signals);
        this.volume = Objects.requireNonNull(b.volume);
        this.maxSignalsPerDetection = b.maxSignalsPerDetection;
    }

    /** The packaged patterns and the packaged (empty) allowlist, default thresholds. */
    public static DetectConfig defaults() {
        return load(null, null);
    }

    /**
     * Loads pattern files (null: the packaged ones) and an allowlist (null: the packaged default). A broken file is
     * an {@link io.peerwatch.detect.config.ConfigFileException} naming the file and line.
     */
    public static DetectConfig load(Path patternsDir, Path allowlistFile) {
        List<PatternSpec> patterns = patternsDir == null ? PatternFiles.loadPackaged() : PatternFiles.loadDirectory(patternsDir);
        Allowlist allowlist = allowlistFile == null ? Allowlist.loadPackaged() : Allowlist.load(allowlistFile);
        return builder().patterns(patterns).volume(VolumeConfig.builder().allowlist(allowlist).build()).build();
    }

    public static Builder builder() { return new Builder(); }

    public Builder toBuilder() {
        return new Builder().patterns(patterns).signals(signals).volume(volume).maxSignalsPerDetection(maxSignalsPerDetection);
    }

    public List<PatternSpec> patterns() { return patterns; }
    public SignalConfig signals() { return signals; }
    public VolumeConfig volume() { return volume; }
    public int maxSignalsPerDetection() { return maxSignalsPerDetection; }

    public static final class Builder {
        private List<PatternSpec> patterns;
        private SignalConfig signals = SignalConfig.defaults();
        private VolumeConfig volume = VolumeConfig.defaults();
        private int maxSignalsPerDetection = DEFAULT_MAX_SIGNALS_PER_DETECTION;

        public Builder patterns(List<PatternSpec> v) { patterns = v; return this; }
        public Builder signals(SignalConfig v) { signals = v; return this; }
        public Builder volume(VolumeConfig v) { volume = v; return this; }
        /** Replaces the allowlist, keeping the other volume settings. */
        public Builder allowlist(Allowlist v) { volume = volume.toBuilder().allowlist(v).build(); return this; }
        public Builder maxSignalsPerDetection(int v) { maxSignalsPerDetection = v; return this; }

        public DetectConfig build() { return new DetectConfig(this); }
    }
}
