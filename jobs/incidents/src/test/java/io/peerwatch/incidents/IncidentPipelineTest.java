package io.peerwatch.incidents;

import static io.peerwatch.incidents.Fixtures.MIN;
import static io.peerwatch.incidents.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.incidents.ocsf.OcsfJson;
import io.peerwatch.schema.Detection;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.IncidentActivity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IncidentPipelineTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final IncidentConfig CFG = IncidentConfig.builder()
            .updateInterval(Duration.ofMinutes(5)).quietPeriod(Duration.ofMinutes(30)).build();

    /** Four VMs, two categories, two separate activities each, overlapping matches and some suppressed detections. */
    static List<Detection> scenario() {
        List<Detection> out = new ArrayList<>();
        int line = 1;
        for (int v = 0; v < 4; v++) {
            var vm = Fixtures.libvirtVm("vm-" + v);
            for (int activity = 0; activity < 2; activity++) {
                long start = T0 + activity * 120 * MIN + v * 7 * MIN;
                for (int k = 0; k < 15; k++) {
                    long t = start + k * 2 * MIN;
                    Detection d = Fixtures.upload("vm-" + v, vm, t, "203.0.113." + (k % 6), 1000L * (k + 1) * (v + 1), line++);
                    if (k % 4 == 3) {
                        // an overlapping match repeating the previous raw record
                        EvidenceRef prev = out.get(out.size() - 1).getSignals().get(0).getEvidence().get(0);
                        d.getSignals().add(Fixtures.peerFlow(prev.getEventTime(), "203.0.113.99", 777, 0, prev));
                    }
                    if (k % 5 == 4) d = Detection.newBuilder(d).setCategory("abnormal-transfer-volume").setPatternId("volume-baseline").build();
                    if (v == 3 && k % 3 == 0) d = Detection.newBuilder(d).setSuppressed(true).setSuppressionReason("maintenance window").build();
                    out.add(d);
                }
            }
        }
        return out;
    }

    record Run(List<Incident> incidents, List<Detection> suppressed) {}

    static Run run(List<Detection> input, int parallelism, Duration outOfOrderness) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        DataStream<Detection> in = env.fromData(input, new AvroTypeInfo<>(Detection.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Detection>forBoundedOutOfOrderness(outOfOrderness)
                        .withTimestampAssigner((d, ts) -> d.getLastSeen()))
                .rebalance();
        SingleOutputStreamOperator<Incident> incidents = IncidentPipeline.build(in, CFG);
        DataStream<Detection> suppressed = IncidentPipeline.suppressed(incidents);
        CloseableIterator<Incident> incidentIt = incidents.collectAsync();
        CloseableIterator<Detection> suppressedIt = suppressed.collectAsync();
        env.execute("incidents " + parallelism);
        List<Incident> got = new ArrayList<>();
        List<Detection> sup = new ArrayList<>();
        try (incidentIt; suppressedIt) {
            incidentIt.forEachRemaining(got::add);
            suppressedIt.forEachRemaining(sup::add);
        }
        got.sort(Comparator.comparing(Incident::getFindingUid).thenComparing(Incident::getRevision));
        sup.sort(Comparator.comparing(Detection::getVmKey).thenComparing(Detection::getLastSeen).thenComparing(Detection::getCategory));
        return new Run(got, sup);
    }

    @Test
    void liveLikeAndReplayLikeRunsAtParallelismOneAndTwoGiveTheSameIncidentsAndIds() throws Exception {
        List<Detection> ordered = new ArrayList<>(scenario());
        ordered.sort(Comparator.comparingLong(Detection::getLastSeen));
        List<Detection> shuffled = new ArrayList<>(ordered);
        Collections.shuffle(shuffled, new Random(42));

        // live: the watermark follows each detection one minute behind (operator harness); replay: everything at once
        List<Incident> liveIncidents = IncidentRuns.runLive(CFG, ordered, MIN);
        liveIncidents.sort(Comparator.comparing(Incident::getFindingUid).thenComparing(Incident::getRevision));
        Run live = run(ordered, 1, Duration.ofMinutes(1));
        assertThat(live.incidents()).isEqualTo(liveIncidents);
        Run replay = run(shuffled, 2, Duration.ofDays(1));
        Run again = run(shuffled, 2, Duration.ofDays(1));

        assertThat(live.incidents()).isNotEmpty();
        assertThat(replay.incidents()).isEqualTo(live.incidents());
        assertThat(again.incidents()).isEqualTo(replay.incidents());
        assertThat(replay.incidents().stream().map(OcsfJson::toJson).toList())
                .isEqualTo(live.incidents().stream().map(OcsfJson::toJson).toList());

        assertThat(live.incidents()).as("the scenario exercises updates").anyMatch(i -> i.getActivity() == IncidentActivity.UPDATE);
        // 4 VMs x 2 categories x 2 activities, each closed exactly once in a bounded run
        Map<String, List<Incident>> byFinding = live.incidents().stream().collect(Collectors.groupingBy(Incident::getFindingUid));
        assertThat(byFinding).hasSize(16);
        byFinding.values().forEach(revs -> {
            assertThat(revs.get(0).getActivity()).isEqualTo(IncidentActivity.CREATE);
            assertThat(revs.get(revs.size() - 1).getActivity()).isEqualTo(IncidentActivity.CLOSE);
            assertThat(revs.stream().filter(r -> r.getActivity() == IncidentActivity.CLOSE)).hasSize(1);
        });

        long suppressedIn = ordered.stream().filter(Detection::getSuppressed).count();
        assertThat(live.suppressed()).hasSize((int) suppressedIn)
                .allSatisfy(d -> assertThat(d.getSuppressionReason()).isEqualTo("maintenance window"));
        assertThat(replay.suppressed()).isEqualTo(live.suppressed());
    }
}
