package io.peerwatch.common.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How to reach a Kafka cluster: bootstrap servers plus standard client properties passed through unchanged
 * (security.protocol, sasl.mechanism, ssl.truststore.location, ...). Secrets are never in files of this
 * repository: a property value of the form {@code ${env:NAME}} or {@code ${file:/path}} is read from the
 * environment or a mounted file at start.
 */
public final class KafkaSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Below the broker's default transaction.max.timeout.ms (15 min), well above checkpoint + restart time. */
    public static final String DEFAULT_TRANSACTION_TIMEOUT_MS = "600000";

    private final String bootstrapServers;
    private final TreeMap<String, String> clientProperties;

    public KafkaSettings(String bootstrapServers, Map<String, String> clientProperties) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-servers is required");
        }
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = new TreeMap<>();
        clientProperties.forEach((k, v) -> this.clientProperties.put(k, resolve(k, v)));
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of());
    }

    /** Reads a standard Java properties file of client settings (e.g. a mounted client.properties). */
    public static Map<String, String> loadPropertiesFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read Kafka client properties " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    private static String resolve(String key, String value) {
        if (value == null) return null;
        if (value.startsWith("${env:") && value.endsWith("}")) {
            String name = value.substring(6, value.length() - 1);
            String v = System.getenv(name);
            if (v == null) throw new IllegalArgumentException("Kafka property " + key + " refers to unset environment variable " + name);
            return v;
        }
        if (value.startsWith("${file:") && value.endsWith("}")) {
            Path f = Path.of(value.substring(7, value.length() - 1));
            try {
                return Files.readString(f).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("Kafka property " + key + " refers to unreadable file " + f, e);
            }
        }
        return value;
    }

    public String bootstrapServers() { return bootstrapServers; }

    /** Client properties for consumers, producers and admin clients (a fresh copy). */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    /** Consumers of results read committed data only: aborted transactions stay invisible. */
    public Properties consumerProperties() {
        Properties p = clientProperties();
        p.putIfAbsent("isolation.level", "read_committed");
        return p;
    }

    public Properties producerProperties() {
        Properties p = clientProperties();
        p.putIfAbsent("transaction.timeout.ms", DEFAULT_TRANSACTION_TIMEOUT_MS);
        return p;
    }
}
