package io.peerwatch.cli.kafka;

import io.peerwatch.cli.Failures.CommandFailure;
import io.peerwatch.cli.Failures.UsageException;
import io.peerwatch.common.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a result topic with a plain read_committed consumer (partitions assigned, no group, nothing
 * committed): from the beginning to the end, or following new records.
 */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final List<TopicPartition> partitions;

    public TopicReader(KafkaSettings kafka, String topic, Duration timeout) {
        Properties p = kafka.consumerProperties();
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("isolation.level", "read_committed");
        p.remove("group.id");
        this.consumer = new KafkaConsumer<>(p);
        this.topic = topic;
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                consumer.close();
                throw new UsageException("topic " + topic + " does not exist");
            }
            this.partitions = infos.stream().map(pi -> new TopicPartition(topic, pi.partition())).toList();
        } catch (KafkaException e) {
            consumer.close();
            throw new CommandFailure("cannot reach Kafka to read " + topic + ": " + e.getMessage(), e);
        }
        consumer.assign(partitions);
    }

    public void seekToBeginning() {
        consumer.seekToBeginning(partitions);
    }

    public void seekToEnd() {
        consumer.seekToEnd(partitions);
    }

    /** Every committed record from the current position to the end as it is now (the last stable offset). */
    public void readToEnd(Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (!atOrPast(end)) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) each.accept(r);
        }
    }

    /** Hands over records as they are committed until {@code stop} says so (checked between polls). */
    public void follow(Consumer<ConsumerRecord<byte[], byte[]>> each, BooleanSupplier stop, Duration poll) {
        while (!stop.getAsBoolean()) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(poll)) each.accept(r);
        }
    }

    private boolean atOrPast(Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < end.get(tp)) return false;
        }
        return true;
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
