package io.peerwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.common.Formats;
import io.peerwatch.common.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static List<byte[]> utf8(String... s) {
        return java.util.Arrays.stream(s).map(x -> x.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Test
    void producedRecordsAreReadBackInOrder() {
        EmbeddedKafka kafka = KAFKA.kafka();
        String topic = kafka.freshPrefix() + ".plain";
        kafka.createTopics(1, topic);

        kafka.produce(topic, utf8("a", "b", "c"));

        assertThat(kafka.readCommitted(topic, new StringDeserializer(), 3, Duration.ofSeconds(30)))
                .containsExactly("a", "b", "c");
    }

    @Test
    void abortedTransactionsAreInvisibleToReadCommitted() throws Exception {
        EmbeddedKafka kafka = KAFKA.kafka();
        String topic = kafka.freshPrefix() + ".tx";
        kafka.createTopics(2, topic);

        Properties p = kafka.settings().producerProperties();
        p.put("transactional.id", topic + "-tx");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k1", "committed-1"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k2", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k3", "committed-2"));
            producer.commitTransaction();
        }

        List<String> seen = kafka.readAllCommitted(topic, Duration.ofMillis(300)).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        assertThat(seen).containsExactlyInAnyOrder("committed-1", "committed-2");
        assertThat(kafka.readCommitted(topic, new StringDeserializer(), 2, Duration.ofSeconds(10)))
                .containsExactlyInAnyOrder("committed-1", "committed-2");
    }

    @Test
    void linesOfAFileBecomeOneRecordEach(@TempDir Path dir) throws Exception {
        EmbeddedKafka kafka = KAFKA.kafka();
        String topic = kafka.freshPrefix() + ".lines";
        kafka.createTopics(1, topic);
        Path file = dir.resolve("conn.log");
        Files.writeString(file, "{\"uid\":\"C1\"}\n\n{\"uid\":\"C2\"}\n");

        kafka.produceLines(topic, file);

        assertThat(kafka.readCommitted(topic, new StringDeserializer(), 2, Duration.ofSeconds(30)))
                .containsExactly("{\"uid\":\"C1\"}", "{\"uid\":\"C2\"}");
    }

    @Test
    void topicsParameterHasEveryPeerwatchTopicCreated(Topics topics) throws Exception {
        var names = KAFKA.kafka().admin().listTopics().names().get();
        assertThat(names).contains(topics.raw(Formats.ZEEK_CONN), topics.raw(Formats.LIBVIRT_DOMXML),
                topics.normalized(), topics.deadLetter(), topics.identity(), topics.incidents(), topics.incidentsOcsf());
        var identityConfig = KAFKA.kafka().admin().describeConfigs(List.of(
                new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topics.identity())))
                .all().get().values().iterator().next();
        assertThat(identityConfig.get("cleanup.policy").value()).isEqualTo("compact");
    }

    @Test
    void freshPrefixesNeverRepeat() {
        EmbeddedKafka kafka = KAFKA.kafka();
        assertThat(kafka.freshPrefix()).isNotEqualTo(kafka.freshPrefix());
    }

    @Test
    void topicsAreNotAutoCreated() {
        EmbeddedKafka kafka = KAFKA.kafka();
        String missing = kafka.freshPrefix() + ".missing";
        assertThatThrownBy(() -> kafka.readAllCommitted(missing, Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    }
}
