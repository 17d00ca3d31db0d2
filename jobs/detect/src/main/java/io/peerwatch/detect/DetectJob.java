package io.peerwatch.detect;

import io.peerwatch.common.Topics;
import io.peerwatch.common.kafka.KafkaIo;
import io.peerwatch.common.kafka.KafkaSettings;
import io.peerwatch.common.time.EventTime;
import io.peerwatch.identity.AttributionOutputs;
import io.peerwatch.identity.AttributionPipeline;
import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.incidents.IncidentConfig;
import io.peerwatch.incidents.IncidentPipeline;
import io.peerwatch.incidents.ocsf.OcsfJson;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.Detection;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.VmIdentity;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The live detect job: {@code <prefix>.normalized} → attribution (identity) → signals and CEP patterns (detect)
 * → incident lifecycle → exactly-once sinks: {@code <prefix>.attributed} (AttributedEvent, key vmKey),
 * {@code <prefix>.identity} (VmIdentity, key vmKey), {@code <prefix>.incidents} (Incident, key findingUid) and
 * {@code <prefix>.incidents.ocsf} (OCSF JSON, key findingUid). {@code main} only parses arguments and executes.
 */
public final class DetectJob {
    public static final String JOB_NAME = "peerwatch-detect";
    public static final String SOURCE_UID = "detect-normalized-kafka-source";

    private DetectJob() {}

    /**
     * Adds the whole job to {@code env} and enables exactly-once checkpointing. Pattern and allowlist files are
     * loaded here: a broken file fails now, with its name and line.
     */
    public static void defineJob(StreamExecutionEnvironment env, DetectJobConfig cfg) {
        DetectConfig detect = cfg.loadDetectConfig();
        env.enableCheckpointing(cfg.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        if (cfg.parallelism() != null) env.setParallelism(cfg.parallelism());
        KafkaSettings kafka = cfg.kafka();
        Topics topics = cfg.topics();

        OffsetsInitializer starting = switch (cfg.startFrom()) {
            case COMMITTED_OR_EARLIEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
        DataStream<NormalizedEvent> normalized = env
                .fromSource(KafkaIo.avroSource(kafka, topics.normalized(), NormalizedEvent.class, cfg.groupId(), starting,
                                cfg.stopAtLatest() ? OffsetsInitializer.latest() : null),
                        EventTime.normalized(cfg.outOfOrderness(), cfg.idleness()), "normalized events")
                .uid(SOURCE_UID);

        AttributionOutputs attribution = AttributionPipeline.build(normalized, cfg.identity());
        DataStream<Detection> detections = DetectPipeline.build(attribution.attributed(), detect);
        DataStream<Incident> incidents = IncidentPipeline.build(detections, cfg.incidents());

        String tx = cfg.transactionalIdPrefix();
        attribution.attributed()
                .sinkTo(KafkaIo.avroSink(kafka, topics.attributed(), AttributedEvent.class, a -> a.getSide().getVmKey(), tx + "-attributed"))
                .name("attributed events → " + topics.attributed()).uid("detect-sink-attributed");
        attribution.identities()
                .sinkTo(KafkaIo.avroSink(kafka, topics.identity(), VmIdentity.class, VmIdentity::getVmKey, tx + "-identity"))
                .name("VM identities → " + topics.identity()).uid("detect-sink-identity");
        incidents
                .sinkTo(KafkaIo.avroSink(kafka, topics.incidents(), Incident.class, Incident::getFindingUid, tx + "-incidents"))
                .name("incidents → " + topics.incidents()).uid("detect-sink-incidents");
        incidents
                .sinkTo(KafkaIo.jsonSink(kafka, topics.incidentsOcsf(), OcsfJson::toJson, Incident::getFindingUid, tx + "-incidents-ocsf"))
                .name("OCSF incidents → " + topics.incidentsOcsf()).uid("detect-sink-incidents-ocsf");
    }

    /**
     * Bounded runs (files, tests, the demo): normalized events → attribution → detect → incidents, no Kafka.
     * The input must carry event-time timestamps; a bounded source's final MAX watermark flushes everything.
     */
    public static DataStream<Incident> incidents(DataStream<NormalizedEvent> normalized, IdentityConfig identity, DetectConfig detect,
                                                 IncidentConfig incidents) {
        AttributionOutputs attribution = AttributionPipeline.build(normalized, identity);
        return IncidentPipeline.build(DetectPipeline.build(attribution.attributed(), detect), incidents);
    }

    public static void main(String[] args) throws Exception {
        DetectJobConfig cfg;
        try {
            cfg = DetectJobArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        try {
            defineJob(env, cfg);
        } catch (IllegalArgumentException e) { // a broken pattern or allowlist file: file:line: problem
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        env.execute(JOB_NAME);
    }
}
