package io.peerwatch.normalize;

import io.peerwatch.common.Topics;
import io.peerwatch.common.kafka.KafkaIo;
import io.peerwatch.common.kafka.KafkaSettings;
import io.peerwatch.common.RawRecord;
import io.peerwatch.schema.DeadLetter;
import io.peerwatch.schema.NormalizedEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The live normalize job: one raw topic per FORMAT ({@code <prefix>.raw.<format>}) → {@link NormalizePipeline}
 * → exactly-once Avro sinks to {@code <prefix>.normalized} (key eventId), {@code <prefix>.deadletter} and
 * {@code <prefix>.late}. {@code main} only parses arguments, wires Kafka and executes.
 */
public final class NormalizeJob {
    public static final String JOB_NAME = "peerwatch-normalize";
    public static final String SOURCE_UID = "normalize-raw-kafka-source";

    public static final String USAGE = """
            usage: NormalizeJob --bootstrap-servers HOST:PORT[,HOST:PORT...] [options]
              --topic-prefix P              topic prefix (default peerwatch): reads P.raw.<format>, writes
                                            P.normalized, P.deadletter, P.late
              --formats F1,F2,...           FORMATs to read (default: all)
              --kafka-property key=value    Kafka client property, repeatable (security.protocol, sasl.*, ssl.*);
                                            values ${env:NAME} and ${file:/path} are resolved at start
              --kafka-config FILE           Kafka client properties file
              --group-id G                  consumer group (default peerwatch-normalize)
              --checkpoint-interval D       e.g. 10s, 500ms (default 10s); results commit on checkpoints
              --transactional-id-prefix T   (default <prefix>-normalize)
              --start-from committed|earliest|latest   (default committed, else earliest)
              --stop-at-latest              finish once the offsets that were latest at start are read
              --max-record-bytes N          (default 1048576)
              --default-network-scope S     network scope of records that name none (default "default")
              --syslog-year Y --syslog-zone Z   for RFC 3164 timestamps without year/zone
              --out-of-orderness D          watermarks are made per raw partition from Kafka record timestamps:
                                            how far those may run out of order within a partition, or ahead
                                            of the events' own times (shipping delay) (default 30s)
              --idleness D                  a raw partition without records for D stops holding the watermark
                                            back (default 10s; 0 = never)
              --allowed-lateness D          an event whose time is more than D behind the watermark (the
                                            slowest partition) goes to P.late, counted (default 5m)
              --max-sort-buffer N           most events a subtask holds back to write them in event-time order;
                                            beyond it the oldest are written at once, counted (default 200000)
              --source-delay FORMAT=D       (repeatable) records of FORMAT reach Kafka up to D after their event
                                            (shipper stamps append time): its partitions' watermarks are held
                                            back by D more (default aws-vpc-flow=20m; FORMAT=0 for none)
            """;

    private NormalizeJob() {}

    /** Adds the whole job (sources, pipeline, sinks) to {@code env} and enables exactly-once checkpointing. */
    public static void defineJob(StreamExecutionEnvironment env, NormalizeJobConfig cfg) {
        env.enableCheckpointing(cfg.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        KafkaSettings kafka = cfg.kafka();
        Topics topics = cfg.topics();
        Map<String, String> topicToFormat = new LinkedHashMap<>();
        for (String format : cfg.formats()) topicToFormat.put(topics.raw(format), format);

        OffsetsInitializer starting = switch (cfg.startFrom()) {
            case COMMITTED_OR_EARLIEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
        DataStream<RawRecord> raw = env
                .fromSource(KafkaIo.rawSource(kafka, topicToFormat, cfg.groupId(), starting,
                        cfg.stopAtLatest() ? OffsetsInitializer.latest() : null),
                        rawWatermarks(cfg), "raw log topics")
                .uid(SOURCE_UID);

        NormalizeOutputs out = NormalizePipeline.build(raw, cfg.normalize());
        String tx = cfg.transactionalIdPrefix();
        // LiveEventTime emits each subtask's events in event-time order; with one writer per partition every
        // normalized partition is in event-time order, so the detect job's per-partition watermarks hold even while
        // this job catches up on a backlog
        DataStreamSink<NormalizedEvent> eventSink = out.events().sinkTo(KafkaIo.orderedAvroSink(kafka, topics.normalized(),
                        NormalizedEvent.class, e -> e.getEventId(), tx + "-events"))
                .name("normalized events → " + topics.normalized()).uid("normalize-sink-events");
        int parallelism = out.events().getParallelism();
        if (parallelism > 0) eventSink.setParallelism(parallelism); // same subtasks as the pipeline: chained, forward
        out.deadLetters().sinkTo(KafkaIo.avroSink(kafka, topics.deadLetter(), DeadLetter.class,
                        d -> d.getRawSha256(), tx + "-deadletters"))
                .name("dead letters → " + topics.deadLetter()).uid("normalize-sink-deadletters");
        out.late().sinkTo(KafkaIo.avroSink(kafka, topics.late(), NormalizedEvent.class,
                        e -> e.getEventId(), tx + "-late"))
                .name("late events → " + topics.late()).uid("normalize-sink-late");
    }

    /**
     * Watermarks per Kafka partition, generated in the source (see {@link SourceWatermarks}); none for a job
     * configured as bounded, whose pipeline emits only the final MAX watermark.
     */
    static WatermarkStrategy<RawRecord> rawWatermarks(NormalizeJobConfig cfg) {
        return cfg.normalize().bounded()
                ? WatermarkStrategy.noWatermarks()
                : SourceWatermarks.rawTopics(cfg.normalize());
    }

    public static void main(String[] args) throws Exception {
        NormalizeJobConfig cfg;
        try {
            cfg = NormalizeJobConfig.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        defineJob(env, cfg);
        env.execute(JOB_NAME);
    }
}
