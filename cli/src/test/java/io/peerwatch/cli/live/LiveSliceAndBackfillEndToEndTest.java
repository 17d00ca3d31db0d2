package io.peerwatch.cli.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.peerwatch.cli.CliRun;
import io.peerwatch.cli.Peerwatch;
import io.peerwatch.cli.kafka.IncidentRecords;
import io.peerwatch.cli.output.IncidentLines;
import io.peerwatch.cli.run.JobHandle;
import io.peerwatch.cli.run.LocalFlink;
import io.peerwatch.common.Topics;
import io.peerwatch.incidents.evidence.IncidentFiles;
import io.peerwatch.schema.Incident;
import io.peerwatch.testkit.EmbeddedKafka;
import io.peerwatch.testkit.EmbeddedKafkaExtension;
import io.peerwatch.testkit.scenario.Scenario;
import io.peerwatch.testkit.scenario.ScenarioGenerator;
import io.peerwatch.testkit.scenario.ScenarioSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slice end to end on a real broker: raw Zeek conn/dns/http/ssl, dnsmasq and libvirt records on raw topics →
 * NormalizeJob → DetectJob → incidents, exactly once across a task manager failure; then the same time range as a
 * backfill from Kafka at parallelism 1 and 4 gives the same incidents (ids and contents).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveSliceAndBackfillEndToEndTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(() -> {
        Configuration conf = new Configuration();
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(20));
        return new MiniClusterResourceConfiguration.Builder().setConfiguration(conf)
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build();
    });

    /** Small but complete: a BitTorrent session, an address reused after release, a nightly backup. */
    static final ScenarioSpec SPEC = ScenarioSpec.defaults().withVms(6).withDuration(Duration.ofHours(2));
    static final Duration SHIP_IN = Duration.ofSeconds(8);
    static final Duration CHECKPOINTS = Duration.ofSeconds(1);

    // one live run and one pair of backfills, shared by the ordered tests below (each step is expensive)
    private Topics topics;
    private Scenario scenario;
    private List<Incident> live;
    private Map<String, List<Incident>> backfills;
    private Path backfillFile;

    /** Class-wide: the backfill file of the second test is read by the fourth. */
    @TempDir
    static Path tmp;

    @Test
    @Order(1)
    void liveJobsCommitEachIncidentExactlyOnceThroughATaskManagerFailureAndFindTheBitTorrentVm(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        EmbeddedKafka kafka = KAFKA.kafka();
        topics = KAFKA.freshTopics();
        scenario = ScenarioGenerator.generate(SPEC);

        live = runLive(cluster, kafka, topics, scenario);

        // exactly once: a read_committed consumer sees every revision once, even though the job restarted
        assertThat(live).isNotEmpty();
        assertThat(live.stream().map(i -> i.getFindingUid() + "/r" + i.getRevision()).toList()).doesNotHaveDuplicates();
        assertThat(kafka.readAllCommitted(topics.incidents(), Duration.ofSeconds(1))).hasSize(live.size());
        assertThat(kafka.readAllCommitted(topics.late(), Duration.ofMillis(500))).as("late records in the live run").isEmpty();
        List<TruthCheck.Line> truth = TruthCheck.check(scenario.truth(), live);
        assertThat(truth).filteredOn(TruthCheck.Line::required)
                .allSatisfy(l -> assertThat(l.ok()).as(l.what() + ": " + l.detail()).isTrue());
    }

    @Test
    @Order(2)
    void aKafkaBackfillOfTheSameRangeGivesTheSameIncidentsAtParallelism1And4WithoutTouchingTheLiveTopics() throws Exception {
        assumeThat(live).as("the live run of the first test").isNotNull();
        EmbeddedKafka kafka = KAFKA.kafka();
        String[] range = {"backfill", "--from", SPEC.start().toString(), "--to", SPEC.end().toString(), "--identity-lookback", "1d",
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", topics.prefix()};
        CliRun p1 = CliRun.of(concat(range, "--investigation", "inv-p1", "--parallelism", "1", "--progress-interval", "1s"));
        assertThat(p1.exitCode()).as(p1.toString()).isEqualTo(Peerwatch.OK);
        assertThat(p1.err()).contains("[backfill]").contains("records");
        assertThat(p1.out()).containsPattern("zeek-conn\\s+\\d").contains("p2p-filesharing").contains(topics.backfillIncidents());
        backfillFile = tmp.resolve("incidents.jsonl");
        CliRun p4 = CliRun.of(concat(range, "--investigation", "inv-p4", "--parallelism", "4", "--output", backfillFile.toString()));
        assertThat(p4.exitCode()).as(p4.toString()).isEqualTo(Peerwatch.OK);

        backfills = backfillIncidents(kafka, topics);
        assertThat(backfills).containsOnlyKeys("inv-p1", "inv-p4");
        // short keys first (a readable diff), then every field
        assertThat(keys(backfills.get("inv-p4"))).as("backfill at parallelism 4 vs 1").isEqualTo(keys(backfills.get("inv-p1")));
        assertThat(comparable(backfills.get("inv-p4"))).as("backfill at parallelism 4 vs 1").isEqualTo(comparable(backfills.get("inv-p1")));
        assertThat(IncidentFiles.readIncidents(backfillFile).stream().map(i -> i.getFindingUid() + "/r" + i.getRevision()).sorted().toList())
                .isEqualTo(backfills.get("inv-p4").stream().map(i -> i.getFindingUid() + "/r" + i.getRevision()).sorted().toList());
        assertThat(kafka.readAllCommitted(topics.incidents(), Duration.ofMillis(500))).as("live topic after backfills").hasSize(live.size());
    }

    @Test
    @Order(3)
    void theBackfillGivesTheSameIncidentsIdsAndContentsAsTheLiveJobs() {
        assumeThat(backfills).as("the backfills of the second test").isNotNull();
        assertThat(keys(backfills.get("inv-p1"))).as("backfill vs live").isEqualTo(keys(live));
        assertThat(comparable(backfills.get("inv-p1"))).as("backfill vs live").isEqualTo(comparable(live));
    }

    @Test
    @Order(4)
    void peopleReadTheLiveTopicAndTheBackfillEvidenceVerifiesAgainstTheRawTopics() {
        assumeThat(backfillFile).as("the backfill file of the second test").isNotNull();
        EmbeddedKafka kafka = KAFKA.kafka();
        CliRun show = CliRun.of("show", "--topic", topics.incidents(), "--bootstrap-servers", kafka.bootstrapServers(), "--brief");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains(scenario.truth().bittorrent().vm().name());
        CliRun verify = CliRun.of("verify-evidence", "--incident", backfillFile.toString(), "--bootstrap-servers", kafka.bootstrapServers());
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("0 altered, 0 missing -> VERIFIED");
    }

    /**
     * Runs NormalizeJob + DetectJob, ships the scenario as a live estate would, takes the task manager away while
     * incidents are being committed, lets time pass (a clock tick hours later) and returns what a read_committed
     * consumer saw.
     */
    private static List<Incident> runLive(MiniCluster cluster, EmbeddedKafka kafka, Topics topics, Scenario scenario) throws Exception {
        double speed = (double) SPEC.duration().toMillis() / SHIP_IN.toMillis();
        Duration[] bounds = LiveJobs.boundsForSpeed(speed);
        LiveJobs jobs = new LiveJobs(kafka.settings(), topics, List.copyOf(SPEC.formats()), CHECKPOINTS, bounds[0], bounds[1],
                "-" + topics.prefix());
        StreamExecutionEnvironment env = LocalFlink.environment(2, CHECKPOINTS, 5);
        jobs.define(env);
        List<Incident> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstIncident = new CountDownLatch(1);
        ScenarioProducer producer = new ScenarioProducer();
        try (JobHandle job = JobHandle.submit(env, "live slice");
             IncidentFollower follower = IncidentFollower.start(kafka.settings(), topics.incidents(), i -> {
                 seen.add(i);
                 firstIncident.countDown();
             })) {
            GroupLag lag = new GroupLag(kafka.admin());
            producer.produce(scenario, kafka.settings(), topics, speed, () -> jobs.normalizeRead(job, lag), 300);
            assertThat(firstIncident.await(3, TimeUnit.MINUTES)).as("an incident was committed").isTrue();
            cluster.terminateTaskManager(0).get(1, TimeUnit.MINUTES);
            cluster.startTaskManager();
            // the restarted job first catches up on its own; only then does time pass (a tick during the replay
            // would move the watermark past records still being replayed)
            Settle.Result recovered = Settle.await(job, jobs, lag, producer::produced, seen::size, CHECKPOINTS.multipliedBy(5),
                    Duration.ofMinutes(4));
            assertThat(recovered.settled()).as(recovered.reason()).isTrue();
            ClockTick.send(kafka.settings(), topics, SPEC.end().plus(Duration.ofHours(6)));
            Settle.Result settled = Settle.await(job, jobs, lag, () -> producer.produced() + 1, seen::size,
                    CHECKPOINTS.multipliedBy(5), Duration.ofMinutes(4));
            assertThat(settled.settled()).as(settled.reason()).isTrue();
            assertThat(follower.failure()).isNull();
        }
        return List.copyOf(seen);
    }

    private static Map<String, List<Incident>> backfillIncidents(EmbeddedKafka kafka, Topics topics) {
        IncidentRecords decode = new IncidentRecords();
        Map<String, List<Incident>> out = new TreeMap<>();
        for (byte[] v : kafka.readAllCommitted(topics.backfillIncidents(), Duration.ofSeconds(1))) {
            Incident i = decode.decode(v);
            out.computeIfAbsent(String.valueOf(i.getInvestigationId()), k -> new ArrayList<>()).add(i);
        }
        return out;
    }

    /** finding, revision, activity and times of each revision, in a stable order. */
    private static List<String> keys(List<Incident> incidents) {
        List<Incident> sorted = new ArrayList<>(incidents);
        sorted.sort(IncidentLines.ORDER);
        return sorted.stream().map(i -> i.getFindingUid().substring(0, 12) + " " + i.getPatternId() + " r" + i.getRevision() + " "
                + i.getActivity() + " emitted " + i.getEmittedAt() + " last " + i.getLastSeen()).toList();
    }

    /** Revisions in a stable order, without the investigation tag: what must be equal across runs. */
    private static List<String> comparable(List<Incident> incidents) {
        List<Incident> sorted = new ArrayList<>(incidents);
        sorted.sort(IncidentLines.ORDER);
        return sorted.stream().map(i -> Incident.newBuilder(i).setInvestigationId(null).build().toString()).toList();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
