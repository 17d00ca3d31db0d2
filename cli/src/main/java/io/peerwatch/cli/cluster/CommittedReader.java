package io.peerwatch.cli.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one topic from the beginning with {@code isolation.level=read_committed}, the way a SIEM consumes results:
 * records of aborted transactions (a job failing over mid-transaction) never show. Keeps the values (or only
 * counts them) and the time the last record arrived, so callers can tell when output has settled.
 */
public final class CommittedReader implements Runnable, AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final boolean keepValues;
    private final List<byte[]> values = new ArrayList<>();
    private final AtomicLong count = new AtomicLong();
    private volatile long lastArrivalNanos = System.nanoTime();
    private volatile boolean closed;

    public CommittedReader(String bootstrapServers, String topic, boolean keepValues) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(pi -> parts.add(new TopicPartition(topic, pi.partition())));
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        this.keepValues = keepValues;
    }

    @Override
    public void run() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (keepValues) synchronized (values) { values.add(r.value()); }
                    count.incrementAndGet();
                    lastArrivalNanos = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            if (!closed) throw e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    public long count() { return count.get(); }

    /** How long no record has arrived. */
    public Duration quietFor() { return Duration.ofNanos(System.nanoTime() - lastArrivalNanos); }

    public List<byte[]> values() {
        synchronized (values) {
            return new ArrayList<>(values);
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
    }
}
