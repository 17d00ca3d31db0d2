package io.peerwatch.deploy.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.common.RawRecord;
import io.peerwatch.common.kafka.KafkaIo;
import io.peerwatch.common.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs' Kafka plumbing against a real broker that only speaks SASL_SSL with SCRAM-SHA-512 and a TLS certificate
 * made at test time. Client secrets reach the client the way they do on Kubernetes: the client properties hold
 * {@code ${file:...}} references to mounted secret files, which KafkaSettings resolves.
 */
class KafkaSaslSslTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path dir;

    static ScramSslBroker broker;
    static String clientPassword;
    static Path secrets;

    @BeforeAll
    static void startBroker() throws Exception {
        TestTls tls = TestTls.create(dir);
        clientPassword = TestTls.randomSecret();
        broker = ScramSslBroker.start(dir, tls, TestTls.randomSecret(), Map.of("peerwatch", clientPassword));
        broker.awaitReady("peerwatch", clientPassword, Duration.ofSeconds(90));
        // what the pods get from Secrets: the JAAS line of the KafkaUser and the truststore password of the cluster CA
        secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("sasl.jaas.config"), ScramSslBroker.jaas("peerwatch", clientPassword) + "\n");
        Files.writeString(secrets.resolve("ca.password"), tls.truststorePassword() + "\n");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) broker.close();
    }

    /** The client settings of k8s/base/config/kafka-client.properties, with this test's paths. */
    static KafkaSettings settingsFromMountedSecrets() {
        return new KafkaSettings(broker.bootstrapServers(), Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", ScramSslBroker.MECHANISM,
                "sasl.jaas.config", "${file:" + secrets.resolve("sasl.jaas.config") + "}",
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", broker.tls().truststore().toString(),
                "ssl.truststore.password", "${file:" + secrets.resolve("ca.password") + "}",
                "ssl.endpoint.identification.algorithm", "https"));
    }

    @Test
    void aFlinkJobReadsAndWritesExactlyOnceOverSaslSslWithSecretsFromFiles() throws Exception {
        KafkaSettings kafka = settingsFromMountedSecrets();
        String in = "sasl.raw.zeek-conn";
        String out = "sasl.incidents.ocsf";
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(in, 2, (short) 1), new NewTopic(out, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        List<String> lines = List.of("{\"ts\": 1, \"uid\": \"a\"}", "{\"ts\": 2, \"uid\": \"b\"}", "{\"ts\": 3, \"uid\": \"c\"}",
                "{\"ts\": 4, \"uid\": \"d\"}", "{\"ts\": 5, \"uid\": \"e\"}");
        Properties pp = kafka.producerProperties();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String l : lines) producer.send(new ProducerRecord<>(in, l.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200, CheckpointingMode.EXACTLY_ONCE);
        env.fromSource(KafkaIo.rawSource(kafka, Map.of(in, "zeek-conn"), "sasl-test", OffsetsInitializer.earliest(), OffsetsInitializer.latest()),
                        WatermarkStrategy.<RawRecord>noWatermarks(), "raw over SASL_SSL")
                .map(r -> new String(r.bytes, StandardCharsets.UTF_8) + " @" + r.coordinates()).returns(String.class)
                .sinkTo(KafkaIo.jsonSink(kafka, out, s -> s, s -> null, "sasl-test-" + System.nanoTime()));
        env.execute("sasl_ssl round trip");

        List<String> committed = readCommitted(kafka, out, lines.size());
        assertThat(committed).hasSize(5);
        assertThat(committed).allSatisfy(s -> assertThat(s).contains("@" + in + "["));
        assertThat(committed.stream().map(s -> s.substring(0, s.indexOf(" @")))).containsExactlyInAnyOrderElementsOf(lines);
    }

    static List<String> readCommitted(KafkaSettings kafka, String topic, int expected) {
        Properties cp = kafka.consumerProperties();
        cp.put("group.id", "reader-" + System.nanoTime());
        cp.put("auto.offset.reset", "earliest");
        assertThat(cp.getProperty("isolation.level")).isEqualTo("read_committed");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) out.add(new String(r.value(), StandardCharsets.UTF_8));
            }
            // nothing beyond the expected records (no duplicates from retried transactions)
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofSeconds(1))) out.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void aWrongPasswordIsRejected() {
        Properties p = broker.clientProperties("peerwatch", clientPassword + "x");
        p.put("default.api.timeout.ms", "10000");
        p.put("request.timeout.ms", "5000");
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheBrokerCertificateFailsTheTlsHandshake() {
        Properties p = broker.clientProperties("peerwatch", clientPassword);
        p.remove("ssl.truststore.type");
        p.remove("ssl.truststore.location");
        p.remove("ssl.truststore.password");
        p.put("default.api.timeout.ms", "10000");
        p.put("request.timeout.ms", "5000");
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    void aPlaintextClientGetsNothing() {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("default.api.timeout.ms", "4000");
        p.put("request.timeout.ms", "2000");
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
    }
}
