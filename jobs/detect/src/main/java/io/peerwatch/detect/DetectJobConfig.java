package io.peerwatch.detect;

import io.peerwatch.common.Topics;
import io.peerwatch.common.kafka.KafkaSettings;
import io.peerwatch.common.time.EventTime;
import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.incidents.IncidentConfig;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the live detect job (Kafka in, Kafka out), immutable. Environment-specific values (brokers) have
 * no default; everything else has one. Pattern and allowlist files are paths read when the job is defined, so a
 * broken file fails the submission with its name and line instead of failing later on a task manager.
 */
public final class DetectJobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_GROUP_ID = "peerwatch-detect";
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(30);

    /** Where the source starts reading the normalized topic. */
    public enum StartFrom { COMMITTED_OR_EARLIEST, EARLIEST, LATEST }

    private final KafkaSettings kafka;
    private final Topics topics;
    private final String groupId;
    private final String transactionalIdPrefix;
    private final String patternsDir;
    private final String allowlistFile;
    private final long checkpointIntervalMillis;
    private final long outOfOrdernessMillis;
    private final long idlenessMillis;
    private final Integer parallelism;
    private final StartFrom startFrom;
    private final boolean stopAtLatest;
    private final IdentityConfig identity;
    private final IncidentConfig incidents;

    private DetectJobConfig(Builder b) {
        if (b.bootstrapServers == null || b.bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-servers is required");
        }
        if (b.checkpointInterval == null || b.checkpointInterval.isNegative() || b.checkpointInterval.isZero()) {
            throw new IllegalArgumentException("--checkpoint-interval must be > 0, got " + b.checkpointInterval);
        }
        if (b.groupId == null || b.groupId.isBlank()) throw new IllegalArgumentException("--group-id must not be blank");
        if (b.parallelism != null && b.parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1");
        this.kafka = new KafkaSettings(b.bootstrapServers, b.kafkaProperties);
        this.topics = new Topics(b.topicPrefix);
        this.groupId = b.groupId;
        this.transactionalIdPrefix = b.transactionalIdPrefix == null ? b.groupId : b.transactionalIdPrefix;
        this.patternsDir = b.patternsDir == null ? null : b.patternsDir.toString();
        this.allowlistFile = b.allowlistFile == null ? null : b.allowlistFile.toString();
        this.checkpointIntervalMillis = b.checkpointInterval.toMillis();
        this.outOfOrdernessMillis = requireNonNegative("out-of-orderness", b.outOfOrderness).toMillis();
        this.idlenessMillis = requireNonNegative("idleness", b.idleness).toMillis();
        this.parallelism = b.parallelism;
        this.startFrom = Objects.requireNonNull(b.startFrom, "startFrom");
        this.stopAtLatest = b.stopAtLatest;
        this.identity = Objects.requireNonNull(b.identity, "identity config");
        this.incidents = Objects.requireNonNull(b.incidents, "incident config");
    }

    private static Duration requireNonNegative(String what, Duration d) {
        if (d == null || d.isNegative()) throw new IllegalArgumentException(what + " must be >= 0, got " + d);
        return d;
    }

    public static Builder builder() { return new Builder(); }

    public KafkaSettings kafka() { return kafka; }
    public Topics topics() { return topics; }
    public String groupId() { return groupId; }
    /** Prefix of the exactly-once sinks' transactional ids; each sink appends its own suffix. */
    public String transactionalIdPrefix() { return transactionalIdPrefix; }
    /** Directory of pattern files, or null for the patterns packaged in the jar. */
    public Path patternsDir() { return patternsDir == null ? null : Path.of(patternsDir); }
    /** Volume allowlist YAML, or null for the packaged default. */
    public Path allowlistFile() { return allowlistFile == null ? null : Path.of(allowlistFile); }
    public Duration checkpointInterval() { return Duration.ofMillis(checkpointIntervalMillis); }
    public Duration outOfOrderness() { return Duration.ofMillis(outOfOrdernessMillis); }
    public Duration idleness() { return Duration.ofMillis(idlenessMillis); }
    /** Job parallelism, or null to keep the environment's. */
    public Integer parallelism() { return parallelism; }
    public StartFrom startFrom() { return startFrom; }
    /** Finish once the offsets that were latest at start are read (tests, catch-up runs). */
    public boolean stopAtLatest() { return stopAtLatest; }
    public IdentityConfig identity() { return identity; }
    public IncidentConfig incidents() { return incidents; }

    /** Loads pattern files and the allowlist now (clear errors at job start). */
    public DetectConfig loadDetectConfig() {
        return DetectConfig.load(patternsDir(), allowlistFile());
    }

    @Override
    public String toString() {
        return "DetectJobConfig{bootstrap=" + kafka.bootstrapServers() + ", prefix=" + topics.prefix() + ", groupId=" + groupId
                + ", patterns=" + (patternsDir == null ? "<packaged>" : patternsDir)
                + ", allowlist=" + (allowlistFile == null ? "<packaged>" : allowlistFile)
                + ", checkpoint=" + checkpointInterval() + "}";
    }

    /** Builder; the cli and tests call it directly, {@link DetectJobArgs} fills it from command-line flags. */
    public static final class Builder {
        private String bootstrapServers;
        private String topicPrefix = Topics.DEFAULT_PREFIX;
        private final Map<String, String> kafkaProperties = new LinkedHashMap<>();
        private String groupId = DEFAULT_GROUP_ID;
        private String transactionalIdPrefix;
        private Path patternsDir;
        private Path allowlistFile;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private Duration outOfOrderness = EventTime.DEFAULT_OUT_OF_ORDERNESS;
        private Duration idleness = EventTime.DEFAULT_IDLENESS;
        private Integer parallelism;
        private StartFrom startFrom = StartFrom.COMMITTED_OR_EARLIEST;
        private boolean stopAtLatest;
        private IdentityConfig identity = IdentityConfig.defaults();
        private IncidentConfig incidents = IncidentConfig.defaults();

        private Builder() {}

        public Builder bootstrapServers(String v) { this.bootstrapServers = v; return this; }
        public Builder topicPrefix(String v) { this.topicPrefix = Objects.requireNonNull(v, "topic prefix"); return this; }
        public Builder kafkaProperty(String key, String value) { this.kafkaProperties.put(key, value); return this; }
        public Builder kafkaProperties(Map<String, String> props) { this.kafkaProperties.putAll(props); return this; }
        public Builder groupId(String v) { this.groupId = v; return this; }
        public Builder transactionalIdPrefix(String v) { this.transactionalIdPrefix = v; return this; }
        public Builder patternsDir(Path v) { this.patternsDir = v; return this; }
        public Builder allowlistFile(Path v) { this.allowlistFile = v; return this; }
        public Builder checkpointInterval(Duration v) { this.checkpointInterval = v; return this; }
        public Builder outOfOrderness(Duration v) { this.outOfOrderness = v; return this; }
        public Builder idleness(Duration v) { this.idleness = v; return this; }
        public Builder parallelism(Integer v) { this.parallelism = v; return this; }
        public Builder startFrom(StartFrom v) { this.startFrom = v; return this; }
        public Builder stopAtLatest(boolean v) { this.stopAtLatest = v; return this; }
        public Builder identity(IdentityConfig v) { this.identity = v; return this; }
        public Builder incidents(IncidentConfig v) { this.incidents = v; return this; }

        public DetectJobConfig build() { return new DetectJobConfig(this); }
    }
}
