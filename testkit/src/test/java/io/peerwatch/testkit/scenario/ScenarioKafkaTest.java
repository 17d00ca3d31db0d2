package io.peerwatch.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.common.Topics;
import io.peerwatch.testkit.EmbeddedKafka;
import io.peerwatch.testkit.EmbeddedKafkaExtension;
import io.peerwatch.testkit.scenario.format.VpcFlowLogs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScenarioKafkaTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.sharedPerJvm();

    @Test
    void everyRecordLandsOnItsRawTopicWithEventTimeTimestampAndVmKey() {
        EmbeddedKafka kafka = KAFKA.kafka();
        Topics topics = new Topics(kafka.freshPrefix());
        Scenario s = ScenarioGenerator.generate(ScenarioSpec.defaults().withVms(8).withHypervisors(2).withDuration(Duration.ofHours(2))
                .withFormats(ScenarioSpec.SUPPORTED_FORMATS.toArray(String[]::new)));
        Map<String, List<ScenarioRecord>> expected = new HashMap<>();
        s.forEachRecord(r -> expected.computeIfAbsent(r.format(), f -> new ArrayList<>()).add(r));

        kafka.createTopics(2, s.spec().formats().stream().map(topics::raw).toArray(String[]::new));

        Map<String, Long> counts = s.produceTo(kafka.settings(), topics);

        for (String format : s.spec().formats()) {
            List<ScenarioRecord> want = expected.get(format);
            List<ConsumerRecord<byte[], byte[]>> got = kafka.readAllCommittedRecords(topics.raw(format), Duration.ofMillis(300));
            boolean vpc = format.equals(Formats.AWS_VPC_FLOW);
            // the VPC header goes to both partitions
            assertThat(got).as(format).hasSize(want.size() + (vpc ? 1 : 0));
            assertThat(counts.get(format)).isEqualTo(want.size() - (vpc ? 1L : 0L));
            Map<String, ScenarioRecord> byText = new HashMap<>();
            want.forEach(r -> byText.put(r.text(), r));
            Map<Integer, Long> lastTimestamp = new HashMap<>();
            int headers = 0;
            for (ConsumerRecord<byte[], byte[]> c : got) {
                String text = new String(c.value(), StandardCharsets.UTF_8);
                ScenarioRecord r = byText.get(text);
                assertThat(r).as(text).isNotNull();
                assertThat(c.timestamp()).isEqualTo(r.eventTimeMillis());
                if (r.header()) {
                    headers++;
                    assertThat(text).isEqualTo(VpcFlowLogs.HEADER);
                    assertThat(c.key()).isNull();
                } else {
                    assertThat(new String(c.key(), StandardCharsets.UTF_8)).isEqualTo(r.key());
                    assertThat(c.timestamp()).isGreaterThanOrEqualTo(lastTimestamp.getOrDefault(c.partition(), Long.MIN_VALUE));
                    lastTimestamp.put(c.partition(), c.timestamp());
                }
            }
            assertThat(headers).isEqualTo(vpc ? 2 : 0);
        }
    }

    @Test
    void embeddedVariantCreatesMissingRawTopics() {
        EmbeddedKafka kafka = KAFKA.kafka();
        Topics topics = new Topics(kafka.freshPrefix());
        Scenario s = ScenarioGenerator.generate(ScenarioSpec.defaults().withVms(5).withHypervisors(1).withDuration(Duration.ofHours(2))
                .withFormats(Formats.ZEEK_CONN, Formats.DNSMASQ_DHCP));

        Map<String, Long> counts = s.produceTo(kafka, topics, 3);

        assertThat(counts.keySet()).containsExactlyInAnyOrder(Formats.ZEEK_CONN, Formats.DNSMASQ_DHCP);
        assertThat(kafka.readAllCommitted(topics.raw(Formats.ZEEK_CONN), Duration.ofMillis(200))).hasSize(counts.get(Formats.ZEEK_CONN).intValue());
    }
}
