package io.peerwatch.cli.live;

import io.peerwatch.common.Topics;
import io.peerwatch.common.kafka.KafkaSettings;
import io.peerwatch.testkit.scenario.Scenario;
import io.peerwatch.testkit.scenario.ScenarioRecord;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Ships a generated scenario to the raw topics as a live estate would: in event-time order across formats,
 * record timestamp = the log's time, key = the VM (one VM's records stay in order in one partition),
 * optionally paced by an event-time speed-up so the jobs see a stream (as from a live estate) rather than
 * one backlog.
 */
public final class ScenarioProducer {
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong lastEventTime = new AtomicLong(Long.MIN_VALUE);
    private final Map<String, Long> perFormat = new TreeMap<>();

    public long produced() {
        return produced.get();
    }

    public long lastEventTime() {
        return lastEventTime.get();
    }

    public synchronized Map<String, Long> perFormat() {
        return new TreeMap<>(perFormat);
    }

    /**
     * @param speed event-time seconds shipped per wall-clock second (each record leaves when its time is due);
     *     0 for as fast as the broker takes them (one backlog)
     * @return records produced per FORMAT (header lines not counted)
     */
    public Map<String, Long> produce(Scenario scenario, KafkaSettings kafka, Topics topics, double speed) {
        return produce(scenario, kafka, topics, speed, null, Long.MAX_VALUE);
    }

    /**
     * Like {@link #produce(Scenario, KafkaSettings, Topics, double)}, but never more than {@code maxAhead} records
     * ahead of what the jobs have read ({@code consumed}): a slow machine then gets a slower stream instead of a
     * backlog (the shipping clock pauses while waiting, so the stream keeps its shape).
     */
    public Map<String, Long> produce(Scenario scenario, KafkaSettings kafka, Topics topics, double speed,
                                     LongSupplier consumed, long maxAhead) {
        Map<String, Integer> partitions = partitionCounts(kafka, topics, scenario);
        Properties p = kafka.producerProperties();
        p.remove("transaction.timeout.ms");
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "10");
        // no compression: lz4/zstd/snappy codecs are optional jars the command line does not ship
        p.put("compression.type", "none");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] startNanos = {System.nanoTime()};
        long knownConsumed = 0;
        long t0 = scenario.spec().start().toEpochMilli();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            Iterator<ScenarioRecord> it = scenario.records();
            while (it.hasNext()) {
                ScenarioRecord r = it.next();
                String topic = topics.raw(r.format());
                byte[] value = r.text().getBytes(StandardCharsets.UTF_8);
                if (r.header()) {
                    // a header line (VPC flow logs) precedes the records of every partition, as in every file
                    for (int part = 0; part < partitions.getOrDefault(topic, 1); part++) {
                        producer.send(new ProducerRecord<>(topic, part, r.eventTimeMillis(), null, value), (md, e) -> {
                            if (e != null) failure.compareAndSet(null, e);
                        });
                    }
                    continue;
                }
                byte[] key = r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, null, r.eventTimeMillis(), key, value), (md, e) -> {
                    if (e != null) failure.compareAndSet(null, e);
                });
                long n = produced.incrementAndGet();
                lastEventTime.set(r.eventTimeMillis());
                synchronized (this) {
                    perFormat.merge(r.format(), 1L, Long::sum);
                }
                if (failure.get() != null) break;
                if (consumed != null && n - knownConsumed > maxAhead) {
                    producer.flush();
                    long waitStart = System.nanoTime();
                    while ((knownConsumed = consumed.getAsLong()) < n - maxAhead / 2 && !Thread.currentThread().isInterrupted()) {
                        sleepMillis(100);
                    }
                    startNanos[0] += System.nanoTime() - waitStart;
                }
                if (speed > 0) pace(startNanos[0], (r.eventTimeMillis() - t0) / speed);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the scenario failed: " + failure.get().getMessage(), failure.get());
        }
        return perFormat();
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps until {@code wallMillis} after the start (records are due in event-time order). */
    private static void pace(long startNanos, double wallMillis) {
        long due = startNanos + (long) (wallMillis * 1_000_000);
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Map<String, Integer> partitionCounts(KafkaSettings kafka, Topics topics, Scenario scenario) {
        Map<String, Integer> out = new TreeMap<>();
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            var names = scenario.spec().formats().stream().map(topics::raw).toList();
            admin.describeTopics(names).allTopicNames().get().forEach((n, d) -> out.put(n, d.partitions().size()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("raw topics missing: " + e.getCause().getMessage(), e.getCause());
        }
        return out;
    }
}
