package io.peerwatch.cli.options;

import io.peerwatch.cli.Failures.UsageException;
import io.peerwatch.common.Topics;
import io.peerwatch.common.kafka.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * Options every Kafka-facing command shares. Client settings (SASL, TLS, ...) are passed through unchanged:
 * first the {@code --kafka-config} properties file, then each {@code --kafka-property} (which wins). Values of
 * the form {@code ${env:NAME}} / {@code ${file:PATH}} are resolved at start, so secrets stay out of files
 * and command lines.
 */
public final class KafkaOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (or bootstrap.servers in --kafka-config).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = Topics.DEFAULT_PREFIX,
            description = "Prefix of every topic name (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "A Kafka client property, e.g. security.protocol=SASL_SSL (repeatable; wins over --kafka-config).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "A Java properties file of Kafka client settings (SASL/TLS), passed through.")
    Path configFile;

    /** True when the user named a cluster (a flag or bootstrap.servers in the config file). */
    public boolean configured() {
        return (bootstrapServers != null && !bootstrapServers.isBlank()) || fileProperties().containsKey("bootstrap.servers");
    }

    public String topicPrefix() {
        return topicPrefix;
    }

    /** Topic names from the prefix; an invalid prefix is a usage error. */
    public Topics topics() {
        try {
            return new Topics(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--topic-prefix: " + e.getMessage());
        }
    }

    /** Client properties without bootstrap.servers: file first, then flags. */
    public Map<String, String> clientProperties() {
        Map<String, String> all = new TreeMap<>(fileProperties());
        all.putAll(properties);
        all.remove("bootstrap.servers");
        return all;
    }

    /** The cluster to use; usage error when none was named. */
    public KafkaSettings settings() {
        String servers = bootstrapServers;
        if (servers == null || servers.isBlank()) servers = fileProperties().get("bootstrap.servers");
        if (servers == null || servers.isBlank()) {
            throw new UsageException("--bootstrap-servers is required (or bootstrap.servers in --kafka-config)");
        }
        try {
            return new KafkaSettings(servers, clientProperties());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** For commands that start their own broker (demo): the extra client properties only. */
    public KafkaSettings settingsFor(String bootstrapServersOfOwnBroker) {
        return new KafkaSettings(bootstrapServersOfOwnBroker, clientProperties());
    }

    private Map<String, String> fileProperties() {
        if (configFile == null) return Map.of();
        if (!Files.isRegularFile(configFile) || !Files.isReadable(configFile)) {
            throw new UsageException("--kafka-config: cannot read " + configFile);
        }
        try {
            return KafkaSettings.loadPropertiesFile(configFile);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
