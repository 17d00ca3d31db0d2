package io.peerwatch.normalize;

import io.peerwatch.common.Formats;
import io.peerwatch.common.Topics;
import io.peerwatch.common.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link NormalizeJob} needs, immutable. Environment-specific values (brokers) have no default;
 * everything else does. Build with {@link #builder(String)} or parse command-line arguments with
 * {@link #fromArgs(String[])}.
 */
public final class NormalizeJobConfig {
    public static final String DEFAULT_GROUP_ID = "peerwatch-normalize";
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    /** Where reading starts when the group has no committed offsets yet (and always for EARLIEST/LATEST). */
    public enum StartFrom { COMMITTED_OR_EARLIEST, EARLIEST, LATEST }

    private final String bootstrapServers;
    private final Map<String, String> kafkaProperties;
    private final String topicPrefix;
    private final List<String> formats;
    private final String groupId;
    private final Duration checkpointInterval;
    private final String transactionalIdPrefix;
    private final StartFrom startFrom;
    private final boolean stopAtLatest;
    private final NormalizeConfig normalize;

    private NormalizeJobConfig(Builder b) {
        this.kafkaProperties = Collections.unmodifiableMap(new LinkedHashMap<>(b.kafkaProperties));
        new KafkaSettings(b.bootstrapServers, kafkaProperties); // validates early: blank brokers, unset ${env:...}
        this.bootstrapServers = b.bootstrapServers;
        this.topicPrefix = new Topics(b.topicPrefix).prefix();
        if (b.formats.isEmpty()) throw new IllegalArgumentException("--formats must name at least one FORMAT");
        for (String f : b.formats) Formats.require(f);
        this.formats = List.copyOf(new java.util.LinkedHashSet<>(b.formats));
        if (b.groupId == null || b.groupId.isBlank()) throw new IllegalArgumentException("--group-id must not be blank");
        this.groupId = b.groupId;
        if (b.checkpointInterval == null || b.checkpointInterval.toMillis() < 10) {
            throw new IllegalArgumentException("--checkpoint-interval must be at least 10 ms (exactly-once sinks commit on checkpoints)");
        }
        this.checkpointInterval = b.checkpointInterval;
        this.transactionalIdPrefix = b.transactionalIdPrefix != null ? b.transactionalIdPrefix : topicPrefix + "-normalize";
        if (!transactionalIdPrefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("invalid transactional id prefix '" + transactionalIdPrefix + "'");
        }
        this.startFrom = Objects.requireNonNull(b.startFrom, "startFrom");
        this.stopAtLatest = b.stopAtLatest;
        this.normalize = Objects.requireNonNull(b.normalize, "normalize config");
    }

    public static Builder builder(String bootstrapServers) { return new Builder(bootstrapServers); }

    /** Parses the job's command line; see {@link NormalizeJob#USAGE}. */
    public static NormalizeJobConfig fromArgs(String[] args) {
        return NormalizeJobArgs.parse(args);
    }

    public String bootstrapServers() { return bootstrapServers; }

    /** Kafka client properties passed through unchanged (security.protocol, sasl.*, ssl.*). */
    public Map<String, String> kafkaProperties() { return kafkaProperties; }

    public KafkaSettings kafka() { return new KafkaSettings(bootstrapServers, kafkaProperties); }

    public Topics topics() { return new Topics(topicPrefix); }

    /** The FORMATs whose raw topics ({@code <prefix>.raw.<format>}) this job reads. */
    public List<String> formats() { return formats; }

    public String groupId() { return groupId; }

    public Duration checkpointInterval() { return checkpointInterval; }

    /** Unique per job so two normalize deployments on one cluster do not fence each other's transactions. */
    public String transactionalIdPrefix() { return transactionalIdPrefix; }

    public StartFrom startFrom() { return startFrom; }

    /** Read only up to the offsets that are the latest when the job starts, then finish (tests, benchmarks). */
    public boolean stopAtLatest() { return stopAtLatest; }

    public NormalizeConfig normalize() { return normalize; }

    @Override
    public String toString() {
        return "NormalizeJobConfig{bootstrapServers=" + bootstrapServers + ", kafkaProperties=" + kafkaProperties.keySet()
                + ", topicPrefix=" + topicPrefix + ", formats=" + formats + ", groupId=" + groupId
                + ", checkpointInterval=" + checkpointInterval + ", transactionalIdPrefix=" + transactionalIdPrefix
                + ", startFrom=" + startFrom + ", stopAtLatest=" + stopAtLatest + ", normalize=" + normalize + "}";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private final String bootstrapServers;
        private final Map<String, String> kafkaProperties = new LinkedHashMap<>();
        private String topicPrefix = Topics.DEFAULT_PREFIX;
        private List<String> formats = new ArrayList<>(Formats.ALL);
        private String groupId = DEFAULT_GROUP_ID;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private String transactionalIdPrefix;
        private StartFrom startFrom = StartFrom.COMMITTED_OR_EARLIEST;
        private boolean stopAtLatest;
        private NormalizeConfig normalize = NormalizeConfig.defaults();

        private Builder(String bootstrapServers) { this.bootstrapServers = bootstrapServers; }

        public Builder kafkaProperty(String key, String value) { kafkaProperties.put(key, value); return this; }

        public Builder kafkaProperties(Map<String, String> props) { kafkaProperties.putAll(props); return this; }

        public Builder topicPrefix(String v) { this.topicPrefix = v; return this; }

        public Builder formats(List<String> v) { this.formats = new ArrayList<>(v); return this; }

        public Builder groupId(String v) { this.groupId = v; return this; }

        public Builder checkpointInterval(Duration v) { this.checkpointInterval = v; return this; }

        public Builder transactionalIdPrefix(String v) { this.transactionalIdPrefix = v; return this; }

        public Builder startFrom(StartFrom v) { this.startFrom = v; return this; }

        public Builder stopAtLatest(boolean v) { this.stopAtLatest = v; return this; }

        public Builder normalize(NormalizeConfig v) { this.normalize = v; return this; }

        public NormalizeJobConfig build() { return new NormalizeJobConfig(this); }
    }
}
