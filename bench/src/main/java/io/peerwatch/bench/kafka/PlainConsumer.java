package io.peerwatch.bench.kafka;

import io.peerwatch.bench.ProcessCpu;
import io.peerwatch.common.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The baseline the jobs are compared with: one plain {@link KafkaConsumer} (one thread, default fetch settings,
 * read_committed like the jobs' sources) reading whole topics from the beginning to their end and touching
 * nothing but the value's length. Also counts committed records of the jobs' transactional outputs.
 */
public final class PlainConsumer {
    private PlainConsumer() {}

    /** One pass over every partition of {@code topics}, from the beginning to the end offsets at start. */
    public static ConsumeRun readAll(KafkaSettings kafka, Collection<String> topics) {
        Properties p = kafka.consumerProperties();
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.remove("group.id");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) {
                consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(pi -> parts.add(new TopicPartition(t, pi.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            // with read_committed this is the last stable offset: everything committed so far
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            List<TopicPartition> open = new ArrayList<>();
            for (TopicPartition tp : parts) if (end.get(tp) > consumer.position(tp, Duration.ofSeconds(30))) open.add(tp);
            long records = 0, bytes = 0;
            long t0 = System.nanoTime();
            long cpu0 = ProcessCpu.nanos();
            long last = t0;
            while (!open.isEmpty()) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    records++;
                    if (r.value() != null) bytes += r.value().length;
                }
                if (!batch.isEmpty()) last = System.nanoTime();
                // transaction markers take offsets too: compare positions, not record counts
                open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
                if (batch.isEmpty() && System.nanoTime() - last > Duration.ofSeconds(60).toNanos()) {
                    throw new IllegalStateException("plain consumer stalled on " + open + " (end offsets " + end + ")");
                }
            }
            return new ConsumeRun(records, bytes, (last - t0) / 1e9, ProcessCpu.seconds(cpu0, ProcessCpu.nanos()));
        }
    }

    /**
     * One warm-up pass (class loading, JIT, page cache) and {@code passes} measured ones; returns the median
     * pass by rate, so a burst of load from other processes on a shared machine does not decide the figure.
     */
    public static ConsumeRun median(KafkaSettings kafka, Collection<String> topics, int passes) {
        readAll(kafka, topics);
        List<ConsumeRun> runs = new ArrayList<>();
        for (int i = 0; i < passes; i++) runs.add(readAll(kafka, topics));
        runs.sort(Comparator.comparingDouble(ConsumeRun::recordsPerSecond));
        return runs.get(runs.size() / 2);
    }

    /** Committed records in {@code topic} (a read_committed pass; aborted transactions are not counted). */
    public static long countCommitted(KafkaSettings kafka, String topic) {
        return readAll(kafka, List.of(topic)).records();
    }
}
