package io.peerwatch.cli.live;

import io.peerwatch.common.Formats;
import io.peerwatch.common.Topics;
import io.peerwatch.common.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Stands in for time passing after a replayed scenario: one {@code virsh event} lifecycle line of a domain no
 * flow belongs to, hours after the data. Live jobs only close incidents and flush their buffers when event
 * time moves on; once every other partition has gone idle, this record moves the watermark past the
 * scenario's end. It adds no incident (no flow, no detection).
 */
public final class ClockTick {
    public static final String DOMAIN = "peerwatch-clock";
    private static final DateTimeFormatter VIRSH = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private ClockTick() {}

    public static String line(Instant at) {
        return VIRSH.format(at) + ": event 'lifecycle' for domain '" + DOMAIN + "': Started Booted";
    }

    public static void send(KafkaSettings kafka, Topics topics, Instant at) {
        Properties p = kafka.producerProperties();
        p.remove("transaction.timeout.ms");
        p.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.raw(Formats.LIBVIRT_EVENT), null, at.toEpochMilli(),
                    DOMAIN.getBytes(StandardCharsets.UTF_8), line(at).getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
    }
}
