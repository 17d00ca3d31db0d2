package io.peerwatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.common.io.FileRecordReader;
import io.peerwatch.common.io.InputSpec;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.DeadLetter;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.ProcessStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The end of the input reaches the parsers: an auditd event still open when a file ends is emitted before the
 * final watermark (so event-time operators downstream still see it), ENRICHED lines normalize, and the counts
 * reconcile.
 */
class NormalizeOperatorTest {
    private static final OutputTag<DeadLetter> DEAD = new OutputTag<>("dead", new AvroTypeInfo<>(DeadLetter.class));
    private static final String LAST_IMAGE = "/usr/bin/transmission-cli";

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static OneInputStreamOperatorTestHarness<RawRecord, NormalizedEvent> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(NormalizeOperator.of(NormalizeConfig.boundedDefaults(), DEAD));
    }

    private static void feedEnrichedFixture(OneInputStreamOperatorTestHarness<RawRecord, NormalizedEvent> h) throws Exception {
        for (RawRecord r : Records.read(Formats.AUDITD, Records.fixture(Formats.AUDITD, "enriched.log"))) {
            h.processElement(new StreamRecord<>(r));
        }
    }

    private static String image(Object o) {
        return ((ProcessStart) ((NormalizedEvent) ((StreamRecord<?>) o).getValue()).getBody()).getImage();
    }

    @Test
    void theHeldEventIsEmittedBeforeTheMaxWatermarkIsForwarded() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, NormalizedEvent> h = harness()) {
            h.open();
            feedEnrichedFixture(h);
            assertThat(h.extractOutputValues()).hasSize(3);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<Object> out = new ArrayList<>(h.getOutput());
            assertThat(out).hasSize(5);
            assertThat(image(out.get(3))).isEqualTo(LAST_IMAGE);
            assertThat(((StreamRecord<?>) out.get(3)).getTimestamp()).as("event time").isEqualTo(1793612222731L);
            assertThat(out.get(4)).isEqualTo(new Watermark(Long.MAX_VALUE));
            h.endInput();
            assertThat(h.getOutput()).as("nothing held any more").hasSize(5);
            assertThat(h.getSideOutput(DEAD)).isNullOrEmpty();
        }
    }

    @Test
    void endInputWithoutAWatermarkAlsoEmitsTheHeldEvent() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, NormalizedEvent> h = harness()) {
            h.open();
            feedEnrichedFixture(h);
            h.endInput();
            List<NormalizedEvent> events = h.extractOutputValues();
            assertThat(events).hasSize(4);
            assertThat(((ProcessStart) events.get(3).getBody()).getImage()).isEqualTo(LAST_IMAGE);
        }
    }

    @Test
    void aBoundedRunEmitsTheLastEventOfEachFileToEventTimeOperatorsAndCountsReconcile() throws Exception {
        Path dir = Files.createTempDirectory("normalize-operator-test");
        dir.toFile().deleteOnExit();
        Path enriched = Files.copy(Records.fixture(Formats.AUDITD, "enriched.log"), dir.resolve("build-07.audit.log"));
        // a RAW log whose last event lost its PROCTITLE and EOE too
        Path raw = dir.resolve("web-01.audit.log");
        Files.writeString(raw, Files.readString(Records.fixture(Formats.AUDITD, "audit.log"))
                + "type=SYSCALL msg=audit(1793611300.500:88200): arch=c000003e syscall=59 success=yes exit=0 items=1 ppid=1 pid=600 auid=1000 uid=1000 comm=\"rtorrent\" exe=\"/usr/bin/rtorrent\" key=\"exec\"\n"
                + "type=EXECVE msg=audit(1793611300.500:88200): argc=1 a0=\"rtorrent\"\n");
        long lines = Files.readAllLines(enriched).size() + Files.readAllLines(raw).size();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false));
        DataStream<RawRecord> records = FileRecordReader.source(env, List.of(new InputSpec(Formats.AUDITD, dir)), 1 << 20);
        AvroTypeInfo<NormalizedEvent> type = new AvroTypeInfo<>(NormalizedEvent.class);
        SingleOutputStreamOperator<NormalizedEvent> parsed = records
                .transform("normalize: guard + parse", type, NormalizeOperator.of(NormalizeConfig.boundedDefaults(), DEAD))
                .uid(NormalizePipeline.PARSE_UID);
        // as in bounded runs: timestamps only, the final MAX watermark releases everything
        DataStream<NormalizedEvent> released = parsed
                .assignTimestampsAndWatermarks(WatermarkStrategy.<NormalizedEvent>noWatermarks()
                        .withTimestampAssigner((e, ts) -> e.getEventTime()))
                .keyBy(e -> e.getSensor() == null ? "" : e.getSensor())
                .process(new ReleaseAtWatermark(), type);

        CloseableIterator<NormalizedEvent> out = released.collectAsync();
        CloseableIterator<DeadLetter> dead = parsed.getSideOutput(DEAD).collectAsync();
        JobClient client = env.executeAsync("normalize operator end of input");
        List<NormalizedEvent> events = drain(out);
        List<DeadLetter> deadLetters = drain(dead);
        JobExecutionResult result = client.getJobExecutionResult().get();
        NormalizeCounts counts = NormalizeCounts.from(result);

        assertThat(deadLetters).as("ENRICHED lines are not dead-lettered").isEmpty();
        assertThat(events).extracting(e -> ((ProcessStart) e.getBody()).getImage()).containsExactlyInAnyOrder(
                "/usr/bin/curl", "/opt/my tools/python3", "/usr/bin/wget", "/usr/bin/transmission-daemon",
                "/usr/bin/rtorrent", "/usr/bin/qbittorrent-nox", "/usr/bin/aria2c", "/usr/bin/curl", LAST_IMAGE);
        NormalizeCounts.Row row = counts.row(Formats.AUDITD);
        assertThat(counts.reconciles()).as(counts.toTable()).isTrue();
        assertThat(row.read()).isEqualTo(lines);
        assertThat(row.deadLettered()).isZero();
        assertThat(row.events()).isEqualTo(events.size());
        assertThat(row.flushed()).as("the last event of each file").isEqualTo(2);
        assertThat(counts.toTable()).contains("emitted at the end of the input");
    }

    /** An event-time operator like those downstream: holds each event until the watermark passes its time. */
    private static final class ReleaseAtWatermark extends KeyedProcessFunction<String, NormalizedEvent, NormalizedEvent> {
        private transient ListState<NormalizedEvent> held;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
            held = getRuntimeContext().getListState(new ListStateDescriptor<>("held", new AvroTypeInfo<>(NormalizedEvent.class)));
        }

        @Override
        public void processElement(NormalizedEvent e, Context ctx, Collector<NormalizedEvent> out) throws Exception {
            held.add(e);
            ctx.timerService().registerEventTimeTimer(e.getEventTime());
        }

        @Override
        public void onTimer(long ts, OnTimerContext ctx, Collector<NormalizedEvent> out) throws Exception {
            List<NormalizedEvent> keep = new ArrayList<>();
            for (NormalizedEvent e : held.get()) {
                if (e.getEventTime() <= ts) out.collect(e);
                else keep.add(e);
            }
            held.update(keep);
        }
    }

    private static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
        List<T> all = new ArrayList<>();
        try (it) {
            it.forEachRemaining(all::add);
        }
        return all;
    }
}
