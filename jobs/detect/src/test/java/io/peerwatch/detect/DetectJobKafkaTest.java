package io.peerwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Hashing;
import io.peerwatch.common.Topics;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.SourceRef;
import io.peerwatch.testkit.EmbeddedKafkaExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The live job against a real broker: normalized Avro in, incidents exactly once out (read_committed). */
class DetectJobKafkaTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.sharedPerJvm();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final String INSTANCE = "i-0bt1234567890abcd";

    /** VPC flow records of one instance reaching 9 peers on diverse high ports (egress + ingress per connection). */
    static List<byte[]> swarmFlowLogs() throws IOException {
        List<byte[]> out = new ArrayList<>();
        SpecificDatumWriter<NormalizedEvent> w = new SpecificDatumWriter<>(NormalizedEvent.class);
        for (NormalizedEvent e : swarmEvents()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
            w.write(e, enc);
            enc.flush();
            out.add(bytes.toByteArray());
        }
        return out;
    }

    static List<NormalizedEvent> swarmEvents() {
        List<NormalizedEvent> out = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            long end = TestEvents.at(60 + i * 5);
            String peer = TestEvents.peer(i);
            int peerPort = TestEvents.peerPort(i);
            for (boolean egress : new boolean[] {true, false}) {
                NetworkFlow f = NetworkFlow.newBuilder().setProto("tcp")
                        .setSrcIp(egress ? "10.0.8.15" : peer).setSrcPort(egress ? 50100 + i : peerPort)
                        .setDstIp(egress ? peer : "10.0.8.15").setDstPort(egress ? peerPort : 50100 + i)
                        .setStartTime(end - 60_000).setEndTime(end).setSrcBytes(egress ? 400 : 900).setDstBytes(0)
                        .setSrcPackets(3).setDstPackets(0).setInstanceId(INSTANCE).setInterfaceId("eni-1").setAction("ACCEPT")
                        .setObservedDirection(egress ? "egress" : "ingress").build();
                String raw = "flow " + i + " " + egress;
                NormalizedEvent e = NormalizedEvent.newBuilder()
                        .setEventId(Hashing.sha256HexOf("aws-vpc-flow", raw)).setFormat("aws-vpc-flow")
                        .setSource(SourceRef.newBuilder().setKind("kafka").setName("raw").setPartition(0).setOffset(i * 2L + (egress ? 0 : 1)).setLine(-1).build())
                        .setRawSha256(Hashing.sha256Hex(raw)).setEventTime(end).setNetworkScope("vpc-0abc").setSensor(null).setBody(f).build();
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void aSwarmOnTheNormalizedTopicBecomesOneCommittedIncidentOnBothIncidentTopics() throws Exception {
        Topics topics = KAFKA.freshTopics();
        KAFKA.kafka().produce(topics.normalized(), swarmFlowLogs());

        StreamExecutionEnvironment env = TestEnv.create(1);
        DetectJob.defineJob(env, DetectJobConfig.builder()
                .bootstrapServers(KAFKA.kafka().bootstrapServers())
                .topicPrefix(topics.prefix())
                .groupId("detect-" + topics.prefix())
                .checkpointInterval(Duration.ofMillis(500))
                .startFrom(DetectJobConfig.StartFrom.EARLIEST)
                .stopAtLatest(true)
                .build());
        env.execute("detect-kafka-test");

        List<byte[]> incidents = KAFKA.kafka().readAllCommitted(topics.incidents(), Duration.ofSeconds(2));
        SpecificDatumReader<Incident> r = new SpecificDatumReader<>(Incident.class);
        Set<String> findings = new HashSet<>();
        List<Incident> decoded = new ArrayList<>();
        for (byte[] b : incidents) {
            BinaryDecoder d = DecoderFactory.get().binaryDecoder(b, null);
            Incident i = r.read(null, d);
            decoded.add(i);
            findings.add(i.getFindingUid());
        }
        assertThat(decoded).isNotEmpty();
        assertThat(decoded).allSatisfy(i -> assertThat(i.getCategory()).isEqualTo("p2p-filesharing"));
        assertThat(findings).as("one finding for the one VM").hasSize(1);
        List<String> ocsf = KAFKA.kafka().readAllCommitted(topics.incidentsOcsf(), Duration.ofSeconds(2)).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        assertThat(ocsf).hasSameSizeAs(decoded).allSatisfy(j -> assertThat(j).contains("\"class_uid\":2004").contains(INSTANCE));
        assertThat(KAFKA.kafka().readAllCommitted(topics.attributed(), Duration.ofSeconds(1))).hasSize(18);
    }
}
