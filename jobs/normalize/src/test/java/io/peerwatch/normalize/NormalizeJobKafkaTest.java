package io.peerwatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.common.Topics;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.testkit.EmbeddedKafka;
import io.peerwatch.testkit.EmbeddedKafkaExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live job against a real broker: watermarks come from the Kafka source, per partition, so a backlog of raw
 * topics read at different speeds by one subtask is not "late", while an event far behind every partition's
 * progress still is.
 */
class NormalizeJobKafkaTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.sharedPerJvm();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final long BASE = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
    private static final long TWO_HOURS = Duration.ofHours(2).toMillis();
    private static final int PARTITIONS = 2;

    /** One raw record with its partition and Kafka timestamp. */
    private record Raw(int partition, long kafkaTimestamp, String line) {}

    @Test
    void aBacklogOfTwoRawTopicsReadAtDifferentSpeedsByOneSubtaskHasNoLateEvents() throws Exception {
        EmbeddedKafka kafka = KAFKA.kafka();
        Topics topics = createTopics(kafka);
        // the same two hours: 20k conn records (one per 360 ms) and 2k dns records (one per 3.6 s), up to 5 s out
        // of order within a partition, all in Kafka before the job starts; the dns topic is read to its end long
        // before the conn topic, which a watermark made after parsing mistook for the progress of both
        produceConnAndDnsBacklog(kafka, topics);

        StreamExecutionEnvironment env = env();
        NormalizeJob.defineJob(env, jobConfig(kafka, topics).stopAtLatest(true).build());
        JobExecutionResult result = env.execute("normalize backlog");

        NormalizeCounts counts = NormalizeCounts.from(result);
        assertThat(counts.reconciles()).as(counts.toTable()).isTrue();
        assertThat(counts.row(Formats.ZEEK_CONN).read()).isEqualTo(20_000);
        assertThat(counts.row(Formats.ZEEK_DNS).read()).isEqualTo(2_000);
        assertThat(counts.total().late()).as(counts.toTable()).isZero();
        assertThat(counts.total().events()).isEqualTo(22_000);
        assertThat(kafka.readAllCommitted(topics.late(), Duration.ofMillis(300))).as("late topic").isEmpty();
        List<NormalizedEvent> normalized = decode(kafka.readAllCommitted(topics.normalized(), Duration.ofMillis(300)));
        assertThat(normalized).hasSize(22_000);
    }

    @Test
    void everyNormalizedPartitionIsInEventTimeOrderAfterABacklogOfSeveralFormats() throws Exception {
        EmbeddedKafka kafka = KAFKA.kafka();
        Topics topics = createTopics(kafka);
        // as above, read by two subtasks: each gets fetch-sized runs of conn and dns, far apart in event time; the
        // detect job derives its watermarks from the event times of each normalized partition, so those must be
        // in order (one writer per partition, sorted at the watermark) or the leases it reads later are late there
        produceConnAndDnsBacklog(kafka, topics);

        StreamExecutionEnvironment env = env();
        env.setParallelism(2);
        NormalizeJob.defineJob(env, jobConfig(kafka, topics).stopAtLatest(true).build());
        NormalizeCounts counts = NormalizeCounts.from(env.execute("normalize backlog, two subtasks"));
        assertThat(counts.total().late()).as(counts.toTable()).isZero();

        List<ConsumerRecord<byte[], byte[]>> records = kafka.readAllCommittedRecords(topics.normalized(), Duration.ofMillis(300));
        assertThat(records).hasSize(22_000);
        Map<Integer, List<Long>> timesByPartition = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            long eventTime = decode(List.of(r.value())).get(0).getEventTime();
            assertThat(r.timestamp()).as("Kafka timestamp = event time").isEqualTo(eventTime);
            timesByPartition.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(eventTime);
        }
        assertThat(timesByPartition).as("both partitions written").hasSize(PARTITIONS);
        timesByPartition.forEach((partition, times) ->
                assertThat(times).as("event times of normalized partition %d, in offset order", partition).isSorted());
    }

    @Test
    void vpcFlowLogsDeliveredMinutesAfterTheirWindowAreNotLateByDefault() throws Exception {
        // AWS delivers a flow log record 5-20 min after its window ends, and a shipper stamps the append time:
        // records appended 12 min after their end time, trickled in while the job runs (so the source emits
        // watermarks between them, as live)
        VpcRun byDefault = trickleVpc(NormalizeConfig.defaults(), "vpc-default");
        assertThat(byDefault.late()).as("default source delay of aws-vpc-flow (20m)").isZero();
        assertThat(byDefault.normalized()).isEqualTo(VPC_RECORDS);

        // the same without the source delay: the watermark follows the append times, 12 min ahead of the events,
        // so what arrives after the first watermark is late
        VpcRun noDelay = trickleVpc(NormalizeConfig.builder().sourceDelay(Formats.AWS_VPC_FLOW, Duration.ZERO).build(), "vpc-no-delay");
        assertThat(noDelay.late()).as("without the source delay").isGreaterThan(VPC_RECORDS / 2);
        assertThat(noDelay.late() + noDelay.normalized()).isEqualTo(VPC_RECORDS);
    }

    private static final int VPC_RECORDS = 200;

    private record VpcRun(int normalized, int late) {}

    private static VpcRun trickleVpc(NormalizeConfig normalize, String name) throws Exception {
        EmbeddedKafka kafka = KAFKA.kafka();
        Topics topics = createTopics(kafka);
        StreamExecutionEnvironment env = env();
        NormalizeJob.defineJob(env, jobConfig(kafka, topics).formats(List.of(Formats.AWS_VPC_FLOW)).normalize(normalize).build());
        JobClient job = env.executeAsync(name);
        long delay = Duration.ofMinutes(12).toMillis();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(kafka))) {
            for (Raw r : series(VPC_RECORDS, NormalizeJobKafkaTest::vpc)) {
                send(producer, topics.raw(Formats.AWS_VPC_FLOW), List.of(new Raw(r.partition(), r.kafkaTimestamp() + delay, r.line())));
                Thread.sleep(15); // several watermark intervals (50 ms) over the run
            }
        }
        try {
            // every record ends up normalized or late; what waits for the watermark is written once the partitions
            // turn idle (10 s)
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (true) {
                int normalized = kafka.readAllCommitted(topics.normalized(), Duration.ofMillis(200)).size();
                int late = kafka.readAllCommitted(topics.late(), Duration.ofMillis(200)).size();
                if (normalized + late >= VPC_RECORDS || System.nanoTime() > deadline) return new VpcRun(normalized, late);
                Thread.sleep(500);
            }
        } finally {
            job.cancel().get();
            while (!job.getJobStatus().get().isGloballyTerminalState()) Thread.sleep(50);
        }
    }

    @Test
    void anEventFarBehindEveryPartitionsProgressStillGoesToTheLateTopic() throws Exception {
        EmbeddedKafka kafka = KAFKA.kafka();
        Topics topics = createTopics(kafka);
        String conn = topics.raw(Formats.ZEEK_CONN);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(kafka));
        send(producer, conn, series(400, NormalizeJobKafkaTest::conn)); // two hours, both partitions

        StreamExecutionEnvironment env = env();
        // unbounded, as deployed; only the topic with data: an empty partition holds the watermark back until idle
        NormalizeJob.defineJob(env, jobConfig(kafka, topics).formats(List.of(Formats.ZEEK_CONN)).build());
        JobClient job = env.executeAsync("normalize late");
        try {
            // the two hours are normalized and committed: the source watermark has passed them (it is emitted every
            // 50 ms here, and a commit needs a completed checkpoint after those records were processed)
            assertThat(decode(kafka.readCommitted(topics.normalized(), new ByteArrayDeserializer(), 400, Duration.ofSeconds(90))))
                    .hasSize(400);

            long behind = BASE + 10 * 60_000; // 1 h 50 min behind the partitions' progress
            send(producer, conn, List.of(
                    // a shipper replaying an old line with its original timestamp
                    new Raw(0, behind, conn(behind, "LATE-OLD-TS")),
                    // an old line appended now (Kafka append time just after the partition's progress)
                    new Raw(1, BASE + TWO_HOURS + 1_000, conn(behind + 1, "LATE-NEW-TS")),
                    // and a record in time after them, which must still be normalized
                    new Raw(1, BASE + TWO_HOURS + 2_000, conn(BASE + TWO_HOURS + 2_000, "ON-TIME"))));

            List<NormalizedEvent> late = decode(kafka.readCommitted(topics.late(), new ByteArrayDeserializer(), 2, Duration.ofSeconds(90)));
            assertThat(late).extracting(NormalizedEvent::getEventTime).containsExactlyInAnyOrder(behind, behind + 1);
            List<NormalizedEvent> normalized = decode(kafka.readCommitted(topics.normalized(), new ByteArrayDeserializer(), 401, Duration.ofSeconds(90)));
            assertThat(normalized).hasSize(401).extracting(NormalizedEvent::getEventTime)
                    .contains(BASE + TWO_HOURS + 2_000).doesNotContain(behind, behind + 1);
        } finally {
            producer.close();
            job.cancel().get();
            while (!job.getJobStatus().get().isGloballyTerminalState()) Thread.sleep(50);
        }
    }

    /** Two hours of 20k conn and 2k dns records, in Kafka before the job starts. */
    private static void produceConnAndDnsBacklog(EmbeddedKafka kafka, Topics topics) throws Exception {
        produce(kafka, topics.raw(Formats.ZEEK_CONN), series(20_000, NormalizeJobKafkaTest::conn));
        produce(kafka, topics.raw(Formats.ZEEK_DNS), series(2_000, NormalizeJobKafkaTest::dns));
    }

    private static StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                new Configuration().set(PipelineOptions.GENERIC_TYPES, false));
        env.setParallelism(1); // one subtask reads every partition of both topics: the case that went wrong
        env.getConfig().setAutoWatermarkInterval(50);
        return env;
    }

    private static NormalizeJobConfig.Builder jobConfig(EmbeddedKafka kafka, Topics topics) {
        return NormalizeJobConfig.builder(kafka.bootstrapServers())
                .topicPrefix(topics.prefix())
                .formats(List.of(Formats.ZEEK_CONN, Formats.ZEEK_DNS))
                .groupId("normalize-" + topics.prefix())
                .checkpointInterval(Duration.ofMillis(300))
                .startFrom(NormalizeJobConfig.StartFrom.EARLIEST)
                .normalize(NormalizeConfig.defaults()); // 30 s out-of-orderness, 5 min lateness, 10 s idleness
    }

    private static Topics createTopics(EmbeddedKafka kafka) {
        Topics topics = new Topics(kafka.freshPrefix());
        kafka.createTopics(PARTITIONS, topics.raw(Formats.ZEEK_CONN), topics.raw(Formats.ZEEK_DNS), topics.raw(Formats.AWS_VPC_FLOW),
                topics.normalized(), topics.deadLetter(), topics.late());
        return topics;
    }

    /** {@code n} records over two hours, alternating partitions, Kafka timestamp = event time. */
    private static List<Raw> series(int n, LineAt line) {
        List<Raw> out = new ArrayList<>(n);
        long step = TWO_HOURS / n;
        for (int i = 0; i < n; i++) {
            long jitter = (i * 7919L) % 10_000 - 5_000; // up to 5 s out of order, within the 30 s bound
            long t = BASE + i * step + jitter;
            out.add(new Raw(i % PARTITIONS, t, line.at(t, "r" + i)));
        }
        return out;
    }

    @FunctionalInterface
    private interface LineAt {
        String at(long eventTime, String uid);
    }

    private static String conn(long eventTime, String uid) {
        return String.format(Locale.ROOT, "{\"ts\":%.3f,\"uid\":\"C%s\",\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":40000,"
                + "\"id.resp_h\":\"10.0.1.2\",\"id.resp_p\":443,\"proto\":\"tcp\"}", eventTime / 1000.0, uid);
    }

    /** A default-format (version 2) VPC flow log record whose one-minute window ends at {@code eventTime}. */
    private static String vpc(long eventTime, String uid) {
        long end = eventTime / 1000;
        return String.format(Locale.ROOT, "2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.15 203.0.113.9 %d 443 6 20 4249 %d %d ACCEPT OK",
                40000 + Math.abs(uid.hashCode() % 20000), end - 60, end);
    }

    private static String dns(long eventTime, String uid) {
        return String.format(Locale.ROOT, "{\"ts\":%.3f,\"uid\":\"D%s\",\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":5353,"
                + "\"id.resp_h\":\"10.0.0.53\",\"id.resp_p\":53,\"proto\":\"udp\",\"query\":\"%s.example.org\"}",
                eventTime / 1000.0, uid, uid.toLowerCase(Locale.ROOT));
    }

    private static void produce(EmbeddedKafka kafka, String topic, List<Raw> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producerProperties(kafka))) {
            send(p, topic, records);
        }
    }

    /**
     * Not idempotent, one request in flight (still in order): on a loaded machine the embedded broker (Kafka 4.2.0)
     * twice refused this test's idempotent raw producer for good at the start of a test (OutOfOrderSequence "0
     * (incoming seq. number), 199 (current end sequence number)" on a new partition, retried until the delivery
     * timeout), so part of the input never arrived.
     */
    private static Properties producerProperties(EmbeddedKafka kafka) {
        Properties p = kafka.producerProperties();
        p.put("enable.idempotence", "false");
        p.put("max.in.flight.requests.per.connection", "1");
        return p;
    }

    /** Sends and waits for every acknowledgement: a record the broker refused fails the test here, by name. */
    private static void send(KafkaProducer<byte[], byte[]> p, String topic, List<Raw> records) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (Raw r : records) {
            acks.add(p.send(new ProducerRecord<>(topic, r.partition(), r.kafkaTimestamp(), null, r.line().getBytes(StandardCharsets.UTF_8))));
        }
        p.flush();
        for (Future<RecordMetadata> ack : acks) ack.get(60, TimeUnit.SECONDS);
    }

    private static List<NormalizedEvent> decode(List<byte[]> values) {
        SpecificDatumReader<NormalizedEvent> reader = new SpecificDatumReader<>(NormalizedEvent.class);
        List<NormalizedEvent> out = new ArrayList<>(values.size());
        for (byte[] v : values) {
            try {
                out.add(reader.read(null, DecoderFactory.get().binaryDecoder(v, null)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
