package io.peerwatch.common.kafka;

import io.peerwatch.common.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builders for the Kafka sources and exactly-once sinks every job uses, so settings stay consistent. */
public final class KafkaIo {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaIo.class);

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

    /**
     * Exactly-once Avro sink in which every partition has one writer ({@link WriterPartitions}): a stream that
     * each subtask writes in event-time order becomes partitions in event-time order. Run it at the parallelism
     * of the operator that orders the stream (chained to it), with at least that many partitions in the topic.
     */
    public static <T extends SpecificRecord> KafkaSink<T> orderedAvroSink(KafkaSettings kafka, String topic, Class<T> type,
                                                                         SerializableKey<T> key, String transactionalIdPrefix) {
        SerializationSchema<T> value = AvroSerializationSchema.forSpecific(type);
        KafkaRecordSerializationSchema<T> schema = (element, ctx, timestamp) -> {
            String k = key.apply(element);
            byte[] keyBytes = k == null ? null : k.getBytes(StandardCharsets.UTF_8);
            int partition = WriterPartitions.choose(keyBytes, ctx.getParallelInstanceId(),
                    ctx.getNumberOfParallelInstances(), ctx.getPartitionsForTopic(topic));
            return new ProducerRecord<>(topic, partition, timestamp, keyBytes, value.serialize(element));
        };
        return build(kafka, new OpeningSerializer<>(schema, value, topic), transactionalIdPrefix);
    }

    /** Exactly-once UTF-8 text sink (OCSF JSON lines). */
    public static <T> KafkaSink<T> jsonSink(KafkaSettings kafka, String topic, SerializableFunction<T, String> json,
                                            SerializableKey<T> key, String transactionalIdPrefix) {
        SerializationSchema<T> value = t -> json.apply(t).getBytes(StandardCharsets.UTF_8);
        return sink(kafka, topic, value, key, transactionalIdPrefix);
    }

    private static <T> KafkaSink<T> sink(KafkaSettings kafka, String topic, SerializationSchema<T> value,
                                         SerializableKey<T> key, String transactionalIdPrefix) {
        KafkaRecordSerializationSchema<T> schema = (element, ctx, timestamp) -> {
            String k = key == null ? null : key.apply(element);
            return new ProducerRecord<>(topic, null, timestamp,
                    k == null ? null : k.getBytes(StandardCharsets.UTF_8), value.serialize(element));
        };
        return build(kafka, new OpeningSerializer<>(schema, value, null), transactionalIdPrefix);
    }

    private static <T> KafkaSink<T> build(KafkaSettings kafka, KafkaRecordSerializationSchema<T> serializer,
                                          String transactionalIdPrefix) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(kafka.producerProperties())
                .setRecordSerializer(serializer)
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
        /** Set for {@link #orderedAvroSink}: the topic whose partitions must not be shared by writers. */
        private final String orderedTopic;

        OpeningSerializer(KafkaRecordSerializationSchema<T> delegate, SerializationSchema<T> value, String orderedTopic) {
            this.delegate = delegate;
            this.value = value;
            this.orderedTopic = orderedTopic;
        }

        @Override
        public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
            value.open(context);
            if (orderedTopic != null && sinkContext.getParallelInstanceId() == 0) {
                int[] partitions = sinkContext.getPartitionsForTopic(orderedTopic);
                int writers = sinkContext.getNumberOfParallelInstances();
                if (WriterPartitions.shared(writers, partitions)) {
                    LOG.warn("topic {} has {} partitions for {} writers: writers share partitions, whose event-time "
                            + "order is then not guaranteed (give it at least {} partitions)",
                            orderedTopic, partitions.length, writers, writers);
                }
            }
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
