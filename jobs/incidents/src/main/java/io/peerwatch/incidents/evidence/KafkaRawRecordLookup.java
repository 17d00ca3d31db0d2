package io.peerwatch.incidents.evidence;

import io.peerwatch.common.kafka.KafkaSettings;
import io.peerwatch.schema.EvidenceRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Re-reads raw records from Kafka by topic/partition/offset with a plain consumer (assign + seek, no group
 * offsets committed, read_committed). A record gone by retention or compaction, or an offset that was never
 * written, is reported missing.
 */
public final class KafkaRawRecordLookup implements RawRecordLookup {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;

    public KafkaRawRecordLookup(KafkaSettings kafka, Duration timeout) {
        Properties p = kafka.consumerProperties();
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "none");
        p.remove("group.id");
        this.consumer = new KafkaConsumer<>(p);
        this.timeout = timeout;
    }

    @Override
    public Result fetch(EvidenceRef item) {
        return fetchAll(List.of(item)).get(item.getEventId());
    }

    @Override
    public Map<String, Result> fetchAll(Collection<EvidenceRef> items) {
        Map<String, Result> out = new HashMap<>();
        Map<TopicPartition, TreeMap<Long, List<EvidenceRef>>> byPartition = new LinkedHashMap<>();
        for (EvidenceRef e : items) {
            if (!"kafka".equals(e.getSource().getKind())) {
                out.put(e.getEventId(), Result.missing("not a Kafka record (source kind " + e.getSource().getKind() + ")"));
                continue;
            }
            TopicPartition tp = new TopicPartition(e.getSource().getName(), e.getSource().getPartition());
            byPartition.computeIfAbsent(tp, k -> new TreeMap<>())
                    .computeIfAbsent(e.getSource().getOffset(), k -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<TopicPartition, TreeMap<Long, List<EvidenceRef>>> part : byPartition.entrySet()) {
            readPartition(part.getKey(), part.getValue(), out);
        }
        Map<String, Result> ordered = new LinkedHashMap<>();
        for (EvidenceRef e : items) ordered.put(e.getEventId(), out.get(e.getEventId()));
        return ordered;
    }

    private void readPartition(TopicPartition tp, TreeMap<Long, List<EvidenceRef>> wanted, Map<String, Result> out) {
        Map<Long, byte[]> found = new HashMap<>();
        String problem = null;
        try {
            consumer.assign(List.of(tp));
            long begin = consumer.beginningOffsets(List.of(tp), timeout).get(tp);
            long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
            long first = Math.max(wanted.firstKey(), begin);
            long last = Math.min(wanted.lastKey(), end - 1);
            if (first <= last) {
                consumer.seek(tp, first);
                long deadline = System.nanoTime() + timeout.toNanos();
                // a record can be skipped (aborted transaction, compaction): stop at the position, not a count
                while (consumer.position(tp, timeout) <= last && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)).records(tp)) {
                        if (wanted.containsKey(r.offset())) found.put(r.offset(), r.value() == null ? new byte[0] : r.value());
                    }
                }
            }
        } catch (RuntimeException ex) {
            problem = "cannot read " + tp + ": " + ex.getMessage();
        }
        for (Map.Entry<Long, List<EvidenceRef>> w : wanted.entrySet()) {
            byte[] b = found.get(w.getKey());
            for (EvidenceRef e : w.getValue()) {
                out.put(e.getEventId(), b != null ? Result.found(b)
                        : Result.missing(problem != null ? problem : "no record at " + tp + "@" + w.getKey()));
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
