package io.peerwatch.incidents.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Hashing;
import io.peerwatch.schema.EvidenceProof;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.SourceRef;
import io.peerwatch.testkit.EmbeddedKafka;
import io.peerwatch.testkit.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaRawRecordLookupTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void recordsAreReReadByTopicPartitionOffsetAndAWrongHashOrAMissingOffsetIsReported() {
        EmbeddedKafka kafka = KAFKA.kafka();
        String topic = kafka.freshPrefix() + ".raw.zeek-conn";
        kafka.createTopics(1, topic);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 5; i++) values.add(("{\"ts\":" + i + ",\"orig_bytes\":" + (i * 100) + "}").getBytes(StandardCharsets.UTF_8));
        kafka.produce(topic, values);

        List<EvidenceRef> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            SourceRef src = new SourceRef("kafka", topic, 0, (long) i, -1L);
            String sha = Hashing.sha256Hex(values.get(i));
            items.add(new EvidenceRef(Hashing.eventId(src, sha, 0), "zeek-conn", src, sha, 1000L + i, ""));
        }
        MerkleDigest d = MerkleDigest.over(items);
        List<EvidenceProof> proofs = d.leaves().stream().map(e -> d.proof(e.getEventId())).toList();
        try (KafkaRawRecordLookup lookup = new KafkaRawRecordLookup(kafka.settings(), Duration.ofSeconds(20))) {
            VerificationReport ok = EvidenceVerifier.verify(new IncidentEvidence("f", 0, "CLOSE", d.toAvro(), d.leaves(), proofs), lookup);
            assertThat(ok.verdict()).isEqualTo(VerificationReport.Verdict.VERIFIED);
            assertThat(ok.rootMatches()).isTrue();

            // an incident claiming other bytes at offset 2, and one pointing past the end of the partition
            List<EvidenceRef> claimed = new ArrayList<>(d.leaves());
            claimed.set(2, EvidenceRef.newBuilder(claimed.get(2)).setRawSha256(Hashing.sha256Hex("something else")).build());
            claimed.add(new EvidenceRef("beyond", "zeek-conn", new SourceRef("kafka", topic, 0, 99L, -1L), Hashing.sha256Hex("x"), 2000L, ""));
            MerkleDigest d2 = MerkleDigest.over(claimed);
            VerificationReport bad = EvidenceVerifier.verify(new IncidentEvidence("f", 1, "CLOSE", d2.toAvro(), d2.leaves(),
                    d2.leaves().stream().map(e -> d2.proof(e.getEventId())).toList()), lookup);
            assertThat(bad.items()).extracting(VerificationReport.ItemResult::status).containsExactly(
                    VerificationReport.Status.INTACT, VerificationReport.Status.INTACT, VerificationReport.Status.ALTERED,
                    VerificationReport.Status.INTACT, VerificationReport.Status.INTACT, VerificationReport.Status.MISSING);
            assertThat(bad.verdict()).isEqualTo(VerificationReport.Verdict.TAMPERED);
        }
    }
}
