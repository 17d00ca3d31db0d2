package io.peerwatch.testkit;

import io.peerwatch.common.kafka.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka 4.2 broker in this JVM: one combined broker + controller in KRaft mode, on a random
 * local port, with its log directories in a temporary folder that {@link #close()} deletes. Used by every
 * Kafka-facing test and by {@code bin/peerwatch demo}; never a mock.
 *
 * <p>Settings that matter for exactly-once work on a single node: the internal offsets and transaction
 * state topics have replication factor 1 and min ISR 1 (the defaults of 3 would never become available),
 * and topics are never auto-created so a typo in a topic name fails loudly instead of silently. Record
 * timestamps are event times (possibly weeks old, or ahead of the clock for a scenario set in the future):
 * time-based retention is off and future timestamps are accepted, or the broker would delete or reject them.
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** Broker maximum; KafkaSettings' default producer transaction timeout (10 min) stays below it. */
    public static final long TRANSACTION_MAX_TIMEOUT_MS = 15 * 60 * 1000L;

    private static final AtomicLong TOPIC_COUNTER = new AtomicLong();

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;
    private final Admin admin;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.bootstrapServers = cluster.bootstrapServers();
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        this.admin = Admin.create(p);
    }

    /** Formats and starts a fresh single-node KRaft cluster and waits until the broker accepts clients. */
    public static EmbeddedKafka start() {
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    // without this the test kit formats with an unstable development metadata version
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            cluster = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "4")
                    .setConfigProp("transaction.max.timeout.ms", Long.toString(TRANSACTION_MAX_TIMEOUT_MS))
                    .setConfigProp("min.insync.replicas", "1")
                    .setConfigProp("default.replication.factor", "1")
                    .setConfigProp("auto.create.topics.enable", "false")
                    // consumer groups of tests start at once instead of waiting 3 s for more members
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("num.partitions", "1")
                    // generated scenarios and replays carry event-time record timestamps, days in the past or in
                    // the future: keep them (no time retention) and accept them (the 4.x default rejects records
                    // more than 1 h ahead of the broker clock)
                    .setConfigProp("log.retention.ms", "-1")
                    .setConfigProp("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE))
                    .setDeleteOnClose(true)
                    .build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster);
        } catch (Exception e) {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new IllegalStateException("could not start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /**
     * The storage formatter prints its bootstrap metadata to System.out, which would garble the demo's
     * output; keep it and show it only if formatting fails.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            cluster.format();
        } catch (Exception e) {
            original.print(captured.toString(StandardCharsets.UTF_8));
            throw e;
        } finally {
            System.setOut(original);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Settings for the job builders in io.peerwatch.common.kafka (plaintext, no extra properties). */
    public KafkaSettings settings() {
        return KafkaSettings.of(bootstrapServers);
    }

    /** The broker's admin client (owned by this object; do not close it). */
    public Admin admin() {
        return admin;
    }

    /**
     * A topic prefix no other test in this JVM (or an earlier run against the same broker) uses: tests
     * share one broker per class but never share topics.
     */
    public String freshPrefix() {
        long n = TOPIC_COUNTER.incrementAndGet();
        String random = Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffffL, 36);
        return "t" + n + "-" + random;
    }

    /** Creates topics with the given partition count, replication factor 1, and waits until they exist. */
    public void createTopics(int partitions, String... names) {
        create(partitions, Map.of(), names);
    }

    /** Creates log-compacted topics (latest value per key is kept), e.g. the identity topic. */
    public void createCompactedTopics(int partitions, String... names) {
        create(partitions, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), names);
    }

    /** One compacted topic with one partition. */
    public void createCompactedTopic(String name) {
        createCompactedTopics(1, name);
    }

    private void create(int partitions, Map<String, String> configs, String... names) {
        List<NewTopic> topics = Arrays.stream(names)
                .map(n -> new NewTopic(n, partitions, (short) 1).configs(configs))
                .toList();
        try {
            admin.createTopics(topics).all().get();
            awaitLeaders(Arrays.asList(names), partitions);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topics " + Arrays.toString(names) + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * A fresh prefix with every topic of {@link io.peerwatch.common.Topics} created (raw topics of all
     * formats, normalized, dead letters, identity compacted, incidents, ...), {@code partitions} each.
     */
    public io.peerwatch.common.Topics createAllTopics(int partitions) {
        io.peerwatch.common.Topics topics = new io.peerwatch.common.Topics(freshPrefix());
        List<String> plain = new ArrayList<>();
        for (String f : io.peerwatch.common.Formats.ALL) plain.add(topics.raw(f));
        plain.addAll(List.of(topics.normalized(), topics.deadLetter(), topics.late(), topics.attributed(),
                topics.incidents(), topics.incidentsOcsf(), topics.backfillIncidents(), topics.backfillIncidentsOcsf()));
        createTopics(partitions, plain.toArray(String[]::new));
        createCompactedTopics(partitions, topics.identity());
        return topics;
    }

    /**
     * The controller has accepted the topics but the broker learns about them from the metadata log a moment
     * later; clients that come too early see UnknownTopicOrPartition. Wait until every partition has a leader.
     */
    private void awaitLeaders(List<String> names, int partitions) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get();
                boolean ready = d.size() == names.size() && d.values().stream().allMatch(t ->
                        t.partitions().size() == partitions && t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) return;
                last = "partitions without leader";
            } catch (ExecutionException e) {
                last = e.getCause().getMessage();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("topics " + names + " not ready after 30 s: " + last);
    }

    /** Plain (non-transactional, idempotent) producer properties for raw test input. */
    public Properties producerProperties() {
        Properties p = settings().producerProperties();
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "5");
        return p;
    }

    /** Writes each value as one record (no key) and waits until all are acknowledged. */
    public void produce(String topic, List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            for (byte[] v : values) producer.send(new ProducerRecord<>(topic, v));
            producer.flush();
        }
    }

    /** Writes each non-empty line of a UTF-8 file as one record, in file order. */
    public void produceLines(String topic, Path file) {
        List<byte[]> values = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.filter(l -> !l.isBlank()).forEach(l -> values.add(l.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        produce(topic, values);
    }

    /** read_committed consumer properties with no group (partitions are assigned, not subscribed). */
    public Properties consumerProperties() {
        Properties p = settings().consumerProperties();
        p.put("isolation.level", "read_committed");
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        return p;
    }

    /**
     * Reads committed records of all partitions of {@code topic} from the beginning until
     * {@code expectedCount} arrived or {@code timeout} passed; returns what arrived (maybe fewer, maybe
     * more if more were already there), so the caller's assertion shows the real count.
     */
    public <V> List<V> readCommitted(String topic, Deserializer<V> valueDeserializer, int expectedCount, Duration timeout) {
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<byte[], V> consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), valueDeserializer)) {
            assignAll(consumer, topic);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expectedCount && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], V> r : consumer.poll(Duration.ofMillis(100))) out.add(r.value());
            }
            // pick up anything already available beyond the expected count: duplicates must show
            for (ConsumerRecord<byte[], V> r : consumer.poll(Duration.ofMillis(200))) out.add(r.value());
        }
        return out;
    }

    /**
     * Reads every committed record value of {@code topic} until no new record arrived for {@code quiet}
     * and the consumer has reached the end of each partition (the last stable offset).
     */
    public List<byte[]> readAllCommitted(String topic, Duration quiet) {
        return readAllCommittedRecords(topic, quiet).stream().map(ConsumerRecord::value).toList();
    }

    /** Like {@link #readAllCommitted} with keys, timestamps and coordinates. */
    public List<ConsumerRecord<byte[], byte[]>> readAllCommittedRecords(String topic, Duration quiet) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = assignAll(consumer, topic);
            long quietUntil = System.nanoTime() + quiet.toNanos();
            while (true) {
                var batch = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : batch) out.add(r);
                if (!batch.isEmpty()) {
                    quietUntil = System.nanoTime() + quiet.toNanos();
                } else if (System.nanoTime() >= quietUntil && atEnd(consumer, parts)) {
                    break;
                }
            }
        }
        return out;
    }

    private static boolean atEnd(KafkaConsumer<?, ?> consumer, Collection<TopicPartition> parts) {
        // with read_committed, endOffsets is the last stable offset: an open transaction keeps us waiting
        Map<TopicPartition, Long> end = consumer.endOffsets(parts);
        for (TopicPartition tp : parts) {
            if (consumer.position(tp) < end.get(tp)) return false;
        }
        return true;
    }

    private List<TopicPartition> assignAll(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(pi -> new TopicPartition(topic, pi.partition()))
                .toList();
        if (parts.isEmpty()) throw new IllegalArgumentException("topic " + topic + " does not exist");
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        return parts;
    }

    /** Stops the broker and controller and deletes their directories. */
    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new IllegalStateException("embedded Kafka did not shut down cleanly: " + e.getMessage(), e);
        }
    }
}
