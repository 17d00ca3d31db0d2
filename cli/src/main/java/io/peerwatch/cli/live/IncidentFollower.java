package io.peerwatch.cli.live;

import io.peerwatch.cli.kafka.IncidentRecords;
import io.peerwatch.cli.kafka.TopicReader;
import io.peerwatch.common.kafka.KafkaSettings;
import io.peerwatch.schema.Incident;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each incident to a callback as soon as it is committed to the incidents topic (read_committed), on a
 * thread of its own, until closed.
 */
public final class IncidentFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentFollower.class);

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Thread thread;

    private IncidentFollower(KafkaSettings kafka, String topic, Consumer<Incident> each) {
        this.thread = new Thread(() -> {
            IncidentRecords decode = new IncidentRecords();
            try (TopicReader reader = new TopicReader(kafka, topic, Duration.ofSeconds(30))) {
                reader.seekToBeginning();
                reader.follow(r -> {
                    try {
                        each.accept(decode.decode(r.value()));
                    } catch (IllegalArgumentException e) {
                        LOG.warn("undecodable record {}[{}]@{}: {}", topic, r.partition(), r.offset(), e.getMessage());
                    }
                }, stop::get, Duration.ofMillis(200));
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "peerwatch-incidents-" + topic);
        thread.setDaemon(true);
    }

    public static IncidentFollower start(KafkaSettings kafka, String topic, Consumer<Incident> each) {
        IncidentFollower f = new IncidentFollower(kafka, topic, each);
        f.thread.start();
        return f;
    }

    /** The error that stopped the follower, if any. */
    public RuntimeException failure() {
        return failure.get();
    }

    @Override
    public void close() {
        stop.set(true);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
