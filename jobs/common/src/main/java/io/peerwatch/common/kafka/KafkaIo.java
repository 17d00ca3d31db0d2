package io.peerwatch.common.kafka;

import io.peerwatch.common.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builders for the Kafka sources and exactly-once sinks every job uses, so settings stay consistent. */
public final class KafkaIo {
    private KafkaIo() {}

    /**
     * Raw log records from one topic per FORMAT. Each record keeps its topic/partition/offset so evidence can
     * point back at it. {@code topicToFormat} routes topics to parsers.
     */
    public static KafkaSource<RawRecord> rawSource(KafkaSettings kafka, Map<String, String> topicToFormat, String groupId,
                                                   OffsetsInitializer starting, OffsetsInitializer stoppingOrNull) {
        KafkaSourceBuilder<RawRecord> b = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setProperties(kafka.consumerProperties())
                .setTopics(topicToFormat.keySet().stream().sorted().toList())
                .setGroupId(groupId)
                .setStartingOffsets(starting)
                .setDeserializer(new RawRecordDeserializer(Map.copyOf(topicToFormat)));
        if (stoppingOrNull != null) b.setBounded(stoppingOrNull);
        return b.build();
    }

    /** Avro SpecificRecords from a topic (read_committed). */
    public static <T extends SpecificRecord> KafkaSource<T> avroSource(KafkaSettings kafka, String topic, Class<T> type, String groupId,
                                                                      OffsetsInitializer starting, OffsetsInitializer stoppingOrNull) {
        KafkaSourceBuilder<T> b = KafkaSource.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setProperties(kafka.consumerProperties())
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(starting)
                .setValueOnlyDeserializer(new SpecificAvroDeserializer<>(type));
        if (stoppingOrNull != null) b.setBounded(stoppingOrNull);
        return b.build();
    }

    /** Exactly-once Avro sink; {@code key} chooses the Kafka key (partitioning and compaction). */
    public static <T extends SpecificRecord> KafkaSink<T> avroSink(KafkaSettings kafka, String topic, Class<T> type,
                                                                  SerializableKey<T> key, String transactionalIdPrefix) {
        SerializationSchema<T> value = AvroSerializationSchema.forSpecific(type);
        return sink(kafka, topic, value, key, transactionalIdPrefix);
    }

    /** Exactly-once UTF-8 text sink (OCSF JSON lines). */
    public static <T> KafkaSink<T> jsonSink(KafkaSettings kafka, String topic, SerializableFunction<T, String> json,
                                            SerializableKey<T> key, String transactionalIdPrefix) {
        SerializationSchema<T> value = t -> json.apply(t).getBytes(StandardCharsets.UTF_8);
        return sink(kafka, topic, value, key, transactionalIdPrefix);
    }

    private static <T> KafkaSink<T> sink(KafkaSettings kafka, String topic, SerializationSchema<T> value,
                                         SerializableKey<T> key, String transactionalIdPrefix) {
        Properties producer = kafka.producerProperties();
        KafkaRecordSerializationSchema<T> schema = (element, ctx, timestamp) -> {
            String k = key == null ? null : key.apply(element);
            return new ProducerRecord<>(topic, null, timestamp,
                    k == null ? null : k.getBytes(StandardCharsets.UTF_8), value.serialize(element));
        };
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new OpeningSerializer<>(schema, value))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .build();
    }

    /** A serializable key extractor. */
    @FunctionalInterface
    public interface SerializableKey<T> extends Function<T, String>, java.io.Serializable {}

    @FunctionalInterface
    public interface SerializableFunction<T, R> extends Function<T, R>, java.io.Serializable {}

    /** Makes sure the value schema is opened (Avro schemas build their writer in open()). */
    private static final class OpeningSerializer<T> implements KafkaRecordSerializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final KafkaRecordSerializationSchema<T> delegate;
        private final SerializationSchema<T> value;

        OpeningSerializer(KafkaRecordSerializationSchema<T> delegate, SerializationSchema<T> value) {
            this.delegate = delegate;
            this.value = value;
        }

        @Override
        public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
            value.open(context);
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
            return delegate.serialize(element, context, timestamp);
        }
    }

    /** Keeps the raw bytes and their coordinates; the format comes from the topic. */
    static final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
        private static final long serialVersionUID = 1L;
        private final Map<String, String> topicToFormat;

        RawRecordDeserializer(Map<String, String> topicToFormat) {
            this.topicToFormat = topicToFormat;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RawRecord> out) {
            String format = topicToFormat.get(r.topic());
            if (format == null) throw new IllegalStateException("no FORMAT routed for topic " + r.topic());
            // a null value (tombstone) is still a record we read: the normalizer dead-letters it, counted
            out.collect(RawRecord.fromKafka(format, r.topic(), r.partition(), r.offset(), r.timestamp(),
                    r.value() == null ? new byte[0] : r.value()));
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return TypeInformation.of(RawRecord.class);
        }
    }
}
