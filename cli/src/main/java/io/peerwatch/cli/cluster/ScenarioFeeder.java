package io.peerwatch.cli.cluster;

import io.peerwatch.common.Topics;
import io.peerwatch.testkit.scenario.Scenario;
import io.peerwatch.testkit.scenario.ScenarioRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Streams a scenario into the raw topics as a live estate would, but faster: records in event-time order,
 * timestamp = event time, key = VM name, paced so the whole scenario takes {@code wallTime}. Acks from all
 * replicas, unlimited retries and one request in flight keep per-partition order; around a broker restart the
 * proof pauses the feeder ({@link #pause}) so no request is in doubt and the raw input is identical in both runs.
 */
public final class ScenarioFeeder implements Runnable {
    private final Scenario scenario;
    private final Topics topics;
    private final String bootstrapServers;
    private final Duration wallTime;
    private final long total;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean done;
    private volatile boolean pauseRequested;
    private volatile boolean paused;

    public ScenarioFeeder(Scenario scenario, Topics topics, String bootstrapServers, Duration wallTime) {
        this.scenario = scenario;
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
        this.wallTime = wallTime;
        long[] n = {0};
        scenario.forEachRecord(r -> n[0]++);
        this.total = n[0];
    }

    public long total() { return total; }

    public double progress() { return total == 0 ? 1 : (double) produced.get() / total; }

    public boolean done() { return done; }

    public Throwable failure() { return failure.get(); }

    /**
     * Stops producing after everything sent so far is acknowledged, and returns once that is so. The proof
     * pauses the feeder (a log shipper, not the system under test) around a broker restart so both runs get
     * byte-identical input at identical offsets; the jobs still live through the outage.
     */
    public void pause(Duration timeout) {
        pauseRequested = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!paused && !done) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the scenario producer did not pause within " + timeout);
            Sleep.quietly(Duration.ofMillis(50));
        }
    }

    /** Continues after {@link #pause}; the backlog is then sent at once, as a shipper catching up would. */
    public void resume() {
        pauseRequested = false;
    }

    private KafkaProducer<byte[], byte[]> newProducer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        // one request in flight keeps per-partition order without idempotence: with an idempotent producer, the
        // first batch after a broker restart was rejected forever (OutOfOrderSequence, seq 0 vs later ones)
        p.put("enable.idempotence", "false");
        p.put("max.in.flight.requests.per.connection", "1");
        p.put("acks", "all");
        p.put("linger.ms", "20");
        p.put("delivery.timeout.ms", "300000");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void run() {
        KafkaProducer<byte[], byte[]> producer = newProducer();
        try {
            long start = System.nanoTime();
            Iterator<ScenarioRecord> it = scenario.records();
            while (it.hasNext()) {
                if (pauseRequested) {
                    // everything sent is acknowledged; a new producer afterwards carries no sequence state across
                    // the broker restart (seen here: a rewound idempotent sequence the restarted broker rejected)
                    producer.flush();
                    producer.close();
                    paused = true;
                    while (pauseRequested) Sleep.quietly(Duration.ofMillis(50));
                    producer = newProducer();
                    paused = false;
                }
                ScenarioRecord r = it.next();
                String topic = topics.raw(r.format());
                byte[] key = r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8);
                byte[] value = r.text().getBytes(StandardCharsets.UTF_8);
                if (r.header()) {
                    int partitions = producer.partitionsFor(topic).size();
                    for (int i = 0; i < partitions; i++) producer.send(new ProducerRecord<>(topic, i, r.eventTimeMillis(), key, value));
                } else {
                    producer.send(new ProducerRecord<>(topic, null, r.eventTimeMillis(), key, value), (md, e) -> {
                        if (e != null) failure.compareAndSet(null, e);
                    });
                }
                long n = produced.incrementAndGet();
                // pace: record n is due at n/total of the wall time
                long dueNanos = start + (long) (wallTime.toNanos() * ((double) n / total));
                long wait = dueNanos - System.nanoTime();
                if (wait > 2_000_000) Sleep.quietly(Duration.ofNanos(wait));
            }
            producer.flush();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            producer.close();
            done = true;
        }
    }
}
