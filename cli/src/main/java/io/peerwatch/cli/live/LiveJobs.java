package io.peerwatch.cli.live;

import io.peerwatch.common.Formats;
import io.peerwatch.common.Topics;
import io.peerwatch.common.kafka.KafkaSettings;
import io.peerwatch.detect.DetectJob;
import io.peerwatch.detect.DetectJobConfig;
import io.peerwatch.cli.run.JobHandle;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.NormalizeCounts;
import io.peerwatch.normalize.NormalizeJob;
import io.peerwatch.normalize.NormalizeJobConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The two live jobs exactly as deployed (NormalizeJob and DetectJob, Kafka in and out, exactly-once), defined
 * into one environment so the demo and the end-to-end tests run them as one Flink job on a MiniCluster.
 *
 * @param groupSuffix appended to consumer group ids and transactional ids so runs on one broker never share them
 */
public record LiveJobs(KafkaSettings kafka, Topics topics, List<String> formats, Duration checkpointInterval,
                       Duration outOfOrderness, Duration allowedLateness, String groupSuffix) {

    /**
     * Event-time bounds for a stream that replays {@code speed} seconds of event time per wall-clock second: the
     * jobs' 30 s out-of-orderness and 5 min lateness are meant for real time; a replay compresses time, so the
     * same wall-clock jitter (Kafka fetches, checkpoints) spans more event time and the bounds grow with it.
     */
    public static Duration[] boundsForSpeed(double speed) {
        // two seconds of wall-clock jitter in order, ten seconds before a record counts as late
        Duration ooo = Duration.ofMillis(Math.max(30_000L, (long) (speed * 2_000)));
        Duration late = Duration.ofMillis(Math.max(300_000L, (long) (speed * 10_000)));
        return new Duration[] {ooo, late};
    }

    public String normalizeGroup() {
        return NormalizeJobConfig.DEFAULT_GROUP_ID + groupSuffix;
    }

    public String detectGroup() {
        return DetectJobConfig.DEFAULT_GROUP_ID + groupSuffix;
    }

    /**
     * Raw records normalize has read: the run's counter (fresh, every heartbeat) or the committed offsets (as of the
     * last checkpoint), whichever is further: after a failover the counter restarts from the checkpoint.
     */
    public long normalizeRead(JobHandle job, GroupLag lag) {
        long counted = NormalizeCounts.fromAccumulators(job.accumulatorsNow()).total().read();
        long committed = lag.committed(normalizeGroup(), formats.stream().map(topics::raw).toList());
        return Math.max(counted, committed);
    }

    public void define(StreamExecutionEnvironment env) {
        Map<String, String> props = propertiesOf(kafka);
        NormalizeJob.defineJob(env, NormalizeJobConfig.builder(kafka.bootstrapServers())
                .kafkaProperties(props)
                .topicPrefix(topics.prefix())
                .formats(formats)
                .groupId(normalizeGroup())
                .transactionalIdPrefix(topics.prefix() + "-normalize" + groupSuffix)
                .checkpointInterval(checkpointInterval)
                .normalize(NormalizeConfig.builder().outOfOrderness(outOfOrderness).allowedLateness(allowedLateness).build())
                .build());
        DetectJob.defineJob(env, DetectJobConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .kafkaProperties(props)
                .topicPrefix(topics.prefix())
                .groupId(detectGroup())
                .transactionalIdPrefix(topics.prefix() + "-detect" + groupSuffix)
                .checkpointInterval(checkpointInterval)
                .outOfOrderness(outOfOrderness)
                .build());
    }

    /** Every topic the two jobs read or write, for a fresh broker: raw topics of {@code formats} and the results. */
    public static List<String> plainTopics(Topics topics, List<String> formats) {
        List<String> names = new ArrayList<>();
        for (String f : formats) names.add(topics.raw(Formats.require(f)));
        names.addAll(List.of(topics.normalized(), topics.deadLetter(), topics.late(), topics.attributed(),
                topics.incidents(), topics.incidentsOcsf(), topics.backfillIncidents(), topics.backfillIncidentsOcsf()));
        return names;
    }

    private static Map<String, String> propertiesOf(KafkaSettings kafka) {
        Map<String, String> m = new java.util.TreeMap<>();
        kafka.clientProperties().forEach((k, v) -> {
            if (!"bootstrap.servers".equals(k)) m.put(k.toString(), v.toString());
        });
        return m;
    }
}
