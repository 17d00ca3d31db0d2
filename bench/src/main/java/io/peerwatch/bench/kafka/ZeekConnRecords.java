package io.peerwatch.bench.kafka;

import io.peerwatch.common.Formats;
import io.peerwatch.common.kafka.KafkaSettings;
import io.peerwatch.testkit.scenario.ScenarioGenerator;
import io.peerwatch.testkit.scenario.ScenarioRecord;
import io.peerwatch.testkit.scenario.ScenarioSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Fills a raw topic with exactly N generated Zeek conn records (Zeek JSON, as LogAscii::use_json writes them),
 * produced the way the scenario generator produces: key = VM name, record timestamp = event time, lz4 batches.
 */
public final class ZeekConnRecords {
    private static final int VMS_PER_PASS = 2_000;

    private ZeekConnRecords() {}

    /** Produces the first {@code n} Zeek conn records of generated scenarios (seeds seed, seed+1, ... until n). */
    public static long produce(KafkaSettings kafka, String topic, long n, long seed) {
        Properties p = kafka.producerProperties();
        p.remove("transaction.timeout.ms");
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "20");
        p.put("batch.size", Integer.toString(512 * 1024));
        p.put("compression.type", "lz4");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long produced = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long s = seed; produced < n; s++) {
                ScenarioSpec spec = ScenarioSpec.defaults().withSeed(s).withVms(VMS_PER_PASS).withHypervisors(20)
                        .withDuration(Duration.ofHours(26)).withFormats(Formats.ZEEK_CONN);
                Iterator<ScenarioRecord> it = ScenarioGenerator.generate(spec).records();
                long before = produced;
                while (it.hasNext() && produced < n) {
                    ScenarioRecord r = it.next();
                    if (r.header()) continue;
                    byte[] key = r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(topic, null, r.eventTimeMillis(), key, r.text().getBytes(StandardCharsets.UTF_8)),
                            (md, e) -> {
                                if (e != null) failure.compareAndSet(null, e);
                            });
                    produced++;
                }
                if (produced == before) throw new IllegalStateException("the scenario generator produced no zeek-conn records");
            }
            producer.flush();
        }
        if (failure.get() != null) throw new IllegalStateException("producing Zeek conn records failed: " + failure.get().getMessage(), failure.get());
        return produced;
    }
}
