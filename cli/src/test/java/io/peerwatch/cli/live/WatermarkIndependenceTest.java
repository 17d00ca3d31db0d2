package io.peerwatch.cli.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.RawRecord;
import io.peerwatch.detect.DetectConfig;
import io.peerwatch.detect.DetectJob;
import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.incidents.IncidentConfig;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.NormalizePipeline;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.testkit.scenario.Scenario;
import io.peerwatch.testkit.scenario.ScenarioGenerator;
import io.peerwatch.testkit.scenario.ScenarioRecord;
import io.peerwatch.testkit.scenario.ScenarioSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live equals replay, shown on the demo scenario without Kafka: the same normalized events give the same incidents
 * (same contents) whether the watermark jumps to the end of time once (a bounded backfill), follows every event (a
 * quiet live stream), or moves in coarse steps over events that arrive out of order within each step (a live job
 * catching up on a backlog).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatermarkIndependenceTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private Scenario scenario;
    private List<NormalizedEvent> events;
    private DetectConfig detect;

    @BeforeAll
    void normalizeTheDemoScenario(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        scenario = ScenarioGenerator.generate(ScenarioSpec.defaults());
        Map<String, Long> offsets = new HashMap<>();
        List<RawRecord> raw = new ArrayList<>();
        for (var it = scenario.records(); it.hasNext(); ) {
            ScenarioRecord r = it.next();
            long offset = offsets.merge(r.format(), 1L, Long::sum) - 1;
            raw.add(RawRecord.fromKafka(r.format(), "peerwatch.raw." + r.format(), 0, offset, r.eventTimeMillis(),
                    r.text().getBytes(StandardCharsets.UTF_8)));
        }
        StreamExecutionEnvironment env = env(1);
        DataStream<RawRecord> in = env.fromData(raw, org.apache.flink.api.common.typeinfo.TypeInformation.of(RawRecord.class));
        events = new ArrayList<>();
        try (var it = NormalizePipeline.build(in, NormalizeConfig.boundedDefaults()).events().executeAndCollect()) {
            it.forEachRemaining(events::add);
        }
        events.sort(Comparator.comparingLong(NormalizedEvent::getEventTime).thenComparing(NormalizedEvent::getEventId));
        Path allowlist = Files.writeString(dir.resolve("allowlist.yaml"), scenario.allowlistYaml());
        detect = DetectConfig.load(Path.of("..", "cep-patterns"), allowlist);
    }

    @Test
    void incidentsDoNotDependOnHowTheWatermarkAdvances() throws Exception {
        List<String> bounded = run(0);
        assertThat(bounded).isNotEmpty();
        for (int every : new int[] {1, 997}) {
            List<String> live = run(every);
            assertThat(live).hasSameSizeAs(bounded);
            Map<String, Integer> diff = new TreeMap<>();
            bounded.forEach(s -> diff.merge(s, 1, Integer::sum));
            live.forEach(s -> diff.merge(s, -1, Integer::sum));
            diff.values().removeIf(v -> v == 0);
            assertThat(diff).as("incidents only in the bounded run (+) or the run with a watermark every %d events (-)", every).isEmpty();
        }
    }

    /** Incidents of one run, as comparable text; {@code every} 0: no watermark until the end of the input. */
    private List<String> run(int every) throws Exception {
        StreamExecutionEnvironment env = env(2);
        WatermarkStrategy<NormalizedEvent> time = every == 0
                ? WatermarkStrategy.noWatermarks()
                : WatermarkStrategy.forGenerator(ctx -> new EveryNEvents(every));
        DataStream<NormalizedEvent> in = env.fromData(arrivalOrder(every), new AvroTypeInfo<>(NormalizedEvent.class))
                .assignTimestampsAndWatermarks(time.withTimestampAssigner((e, ts) -> e.getEventTime()))
                .setParallelism(1); // chained to the source: the generator sees the blocks exactly as they arrive
        List<String> out = new ArrayList<>();
        try (var it = DetectJob.incidents(in, IdentityConfig.defaults(), detect, IncidentConfig.defaults()).executeAndCollect()) {
            it.forEachRemaining(i -> out.add(describe(i)));
        }
        out.sort(null);
        return out;
    }

    /** Event-time order, shuffled within each block of {@code every} events (the watermark follows each block). */
    private List<NormalizedEvent> arrivalOrder(int every) {
        if (every <= 1) return events;
        List<NormalizedEvent> out = new ArrayList<>(events.size());
        java.util.Random random = new java.util.Random(every);
        for (int from = 0; from < events.size(); from += every) {
            List<NormalizedEvent> block = new ArrayList<>(events.subList(from, Math.min(events.size(), from + every)));
            java.util.Collections.shuffle(block, random);
            out.addAll(block);
        }
        return out;
    }

    private static String describe(Incident i) {
        return i.getPatternId() + " " + i.getVmKey() + " " + i.getActivity() + " rev " + i.getRevision() + " emittedAt " + i.getEmittedAt()
                + " seen " + i.getFirstSeen() + ".." + i.getLastSeen() + " sha " + io.peerwatch.common.Hashing.sha256Hex(i.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static StreamExecutionEnvironment env(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    /** A watermark right behind the latest event after every {@code n} events (blocks of n are in event-time order). */
    static final class EveryNEvents implements WatermarkGenerator<NormalizedEvent> {
        private final int n;
        private long max = Long.MIN_VALUE;
        private long seen;

        EveryNEvents(int n) {
            this.n = n;
        }

        @Override
        public void onEvent(NormalizedEvent e, long ts, WatermarkOutput out) {
            max = Math.max(max, ts);
            if (++seen % n == 0) out.emitWatermark(new Watermark(max - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {}
    }
}
