package io.peerwatch.cli.backfill;

import io.peerwatch.cli.Failures.CommandFailure;
import io.peerwatch.common.kafka.KafkaSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Looks at the raw topics before a Kafka backfill: which exist, and how many records a time range holds
 * (the progress line's total). Uses the same offset lookup by timestamp as the job's bounded sources.
 */
public final class KafkaRange implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;

    public KafkaRange(KafkaSettings kafka, Duration timeout) {
        Properties p = kafka.consumerProperties();
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.remove("group.id");
        this.consumer = new KafkaConsumer<>(p);
        this.timeout = timeout;
    }

    /** Topic names the cluster has, among {@code wanted}. */
    public Set<String> existing(Collection<String> wanted) {
        try {
            Map<String, List<PartitionInfo>> all = consumer.listTopics(timeout);
            Set<String> out = new TreeSet<>();
            for (String t : wanted) if (all.containsKey(t)) out.add(t);
            return out;
        } catch (KafkaException e) {
            throw new CommandFailure("cannot list topics of the Kafka cluster: " + e.getMessage(), e);
        }
    }

    /**
     * Records in [from, to) of the given topics by record timestamp: for each partition, the first offset at
     * or after {@code to} (or the end) minus the first offset at or after {@code from} (or the end).
     */
    public long count(Collection<String> topics, Instant from, Instant to) {
        try {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) {
                for (PartitionInfo pi : consumer.partitionsFor(t, timeout)) parts.add(new TopicPartition(t, pi.partition()));
            }
            if (parts.isEmpty()) return 0;
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
            Map<TopicPartition, Long> start = offsetsAt(parts, from, end);
            Map<TopicPartition, Long> stop = offsetsAt(parts, to, end);
            long n = 0;
            for (TopicPartition tp : parts) n += Math.max(0, stop.get(tp) - start.get(tp));
            return n;
        } catch (KafkaException e) {
            throw new CommandFailure("cannot read offsets from the Kafka cluster: " + e.getMessage(), e);
        }
    }

    private Map<TopicPartition, Long> offsetsAt(List<TopicPartition> parts, Instant t, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> query = new HashMap<>();
        for (TopicPartition tp : parts) query.put(tp, t.toEpochMilli());
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : parts) {
            OffsetAndTimestamp o = found.get(tp);
            out.put(tp, o == null ? end.get(tp) : o.offset());
        }
        return out;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
