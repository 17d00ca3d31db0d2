package io.peerwatch.cli.backfill;

import io.peerwatch.cli.run.FileRuns;
import io.peerwatch.cli.run.RunAccumulators;
import io.peerwatch.common.RawRecord;
import io.peerwatch.common.Topics;
import io.peerwatch.common.io.InputSpec;
import io.peerwatch.common.kafka.KafkaIo;
import io.peerwatch.common.kafka.KafkaSettings;
import io.peerwatch.detect.DetectConfig;
import io.peerwatch.detect.DetectJob;
import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.incidents.IncidentConfig;
import io.peerwatch.incidents.ocsf.OcsfJson;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.NormalizePipeline;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.NormalizedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The backfill as one bounded job: raw records from archives and/or raw topics for a time range → the same
 * normalize, attribution, detection and incident stages as the live jobs → incidents tagged with the
 * investigation id → backfill topics (or the live ones, if asked). Streaming mode with bounded sources: no
 * watermark until the end, then MAX, which flushes every buffer in event-time order, so results do not depend
 * on the order records were read in, nor on the parallelism.
 */
public final class BackfillJob {
    private BackfillJob() {}

    /**
     * What to read and where to write.
     *
     * @param inputs archives (may be empty)
     * @param kafka the cluster with the raw topics and/or the result topics (null: none)
     * @param kafkaFormats formats whose raw topics to read (empty: no Kafka input)
     * @param range the time range (null: everything in the archives)
     * @param slackMillis how far Kafka record timestamps may be from the logs' own times
     * @param investigationId tag of the incidents (null: none)
     * @param topicOutput write incidents to Kafka
     * @param toLiveTopics write to the live incident topics instead of the backfill ones
     * @param transactionalIdPrefix unique per run
     */
    public record Plan(List<InputSpec> inputs, KafkaSettings kafka, Topics topics, List<String> kafkaFormats, TimeRange range,
                       long slackMillis, String investigationId, boolean topicOutput, boolean toLiveTopics,
                       String transactionalIdPrefix, NormalizeConfig normalize, IdentityConfig identity, DetectConfig detect,
                       IncidentConfig incidents) {
        public String incidentTopic() {
            return toLiveTopics ? topics.incidents() : topics.backfillIncidents();
        }

        public String ocsfTopic() {
            return toLiveTopics ? topics.incidentsOcsf() : topics.backfillIncidentsOcsf();
        }
    }

    /** Adds the job to {@code env}; returns the tagged incidents (already sent to Kafka when asked). */
    public static DataStream<Incident> define(StreamExecutionEnvironment env, Plan plan) {
        List<DataStream<RawRecord>> sources = new ArrayList<>();
        if (!plan.inputs().isEmpty()) sources.add(FileRuns.raw(env, plan.inputs(), plan.normalize().maxRecordBytes()));
        if (!plan.kafkaFormats().isEmpty()) sources.addAll(kafkaSources(env, plan));
        DataStream<RawRecord> raw = sources.get(0);
        for (int k = 1; k < sources.size(); k++) raw = raw.union(sources.get(k));

        DataStream<NormalizedEvent> events = NormalizePipeline.build(raw, plan.normalize()).events()
                .map(new RunAccumulators.TrackEventTime()).name("progress: event time").uid("cli-progress-event-time");
        if (plan.range() != null) {
            events = events.filter(new TimeRangeFilter(plan.range())).name("backfill: time range").uid("cli-backfill-time-range");
        }
        DataStream<Incident> incidents = incidents(events, plan)
                .map(new TagInvestigation(plan.investigationId()), new AvroTypeInfo<>(Incident.class))
                .name("backfill: tag investigation").uid("cli-backfill-tag-investigation");
        if (plan.topicOutput()) {
            incidents.sinkTo(KafkaIo.avroSink(plan.kafka(), plan.incidentTopic(), Incident.class, Incident::getFindingUid,
                            plan.transactionalIdPrefix() + "-incidents"))
                    .name("incidents → " + plan.incidentTopic()).uid("cli-backfill-sink-incidents");
            incidents.sinkTo(KafkaIo.jsonSink(plan.kafka(), plan.ocsfTopic(), OcsfJson::toJson, Incident::getFindingUid,
                            plan.transactionalIdPrefix() + "-ocsf"))
                    .name("OCSF → " + plan.ocsfTopic()).uid("cli-backfill-sink-ocsf");
        }
        return incidents;
    }

    /** The stages after normalization, exactly as the live detect job composes them. */
    static DataStream<Incident> incidents(DataStream<NormalizedEvent> events, Plan plan) {
        return DetectJob.incidents(events, plan.identity(), plan.detect(), plan.incidents());
    }

    /**
     * Raw topics read by record timestamp: activity from {@code from - slack}, identity facts from
     * {@code from - lookback - slack}, definitions from the beginning; all up to {@code to + slack}. The time
     * filter then cuts by the logs' own times.
     */
    private static List<DataStream<RawRecord>> kafkaSources(StreamExecutionEnvironment env, Plan plan) {
        Map<Long, Map<String, String>> byStart = new LinkedHashMap<>();
        for (String format : plan.kafkaFormats()) {
            long start = plan.range() == null ? Long.MIN_VALUE : plan.range().startFor(format);
            byStart.computeIfAbsent(start, s -> new LinkedHashMap<>()).put(plan.topics().raw(format), format);
        }
        List<DataStream<RawRecord>> out = new ArrayList<>();
        for (Map.Entry<Long, Map<String, String>> e : byStart.entrySet()) {
            long start = e.getKey();
            OffsetsInitializer starting = start == Long.MIN_VALUE ? OffsetsInitializer.earliest()
                    : OffsetsInitializer.timestamp(Math.max(0, start - plan.slackMillis()));
            OffsetsInitializer stopping = plan.range() == null ? OffsetsInitializer.latest()
                    : OffsetsInitializer.timestamp(plan.range().toMillis() + plan.slackMillis());
            String name = "raw topics from " + (start == Long.MIN_VALUE ? "the beginning" : java.time.Instant.ofEpochMilli(start));
            String suffix = start == Long.MIN_VALUE ? "earliest" : Long.toString(start);
            out.add(env.fromSource(KafkaIo.rawSource(plan.kafka(), e.getValue(), plan.transactionalIdPrefix() + "-" + suffix,
                            starting, stopping), WatermarkStrategy.noWatermarks(), name)
                    .uid("cli-backfill-kafka-" + (start == Long.MIN_VALUE ? "definitions" : out.size())));
        }
        return out;
    }
}
