package io.peerwatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.common.Hashing;
import io.peerwatch.common.io.FileRecordReader;
import io.peerwatch.common.io.InputSpec;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.DeadLetter;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.NormalizedEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline over files at parallelism 2 with good and hostile records: every record is accounted for once,
 * dead letters carry the original bytes, coordinates and error class, events carry event-time timestamps.
 */
class NormalizePipelineTest {
    private static final int MAX_RECORD_BYTES = 4096;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static Path dir;

    /** file → its lines as bytes, to compare dead letters with. */
    private static final Map<String, List<byte[]>> LINES = new HashMap<>();
    private static List<NormalizedEvent> events;
    private static List<DeadLetter> deadLetters;
    private static List<Long> timestampOffsets;
    private static NormalizeCounts counts;

    /** Runs once, inside the first test: the MiniCluster's environment is the context only while a test runs. */
    @BeforeEach
    void runPipelineOnce() throws Exception {
        if (counts != null) return;
        dir = Files.createTempDirectory("normalize-pipeline-test");
        dir.toFile().deleteOnExit();
        byte[] conn = Files.readAllBytes(Records.fixture("zeek-conn", "conn.json"));
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        bad.write(conn);
        bad.write(line("{\"ts\":1793577630.0,\"id.orig_h\":\"10.0.0.300\",\"id.orig_p\":1,\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":2,\"proto\":\"tcp\"}"));
        bad.write(line("{\"ts\":1793577630.0,\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":1,\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":2,\"proto\":\"tcp\",\"orig_ip_bytes\":-3}"));
        bad.write(line("{\"ts\":99999999999999999999,\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":1,\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":2,\"proto\":\"tcp\"}"));
        bad.write(line("not json at all"));
        bad.write(line("{\"ts\":1793577630.0,\"id.orig_h\":\"10.0.0.1\u0001\"}"));
        bad.write(new byte[] {'{', '"', 't', 's', '"', ':', (byte) 0xC3, (byte) 0x28, '}', '\n'}); // invalid UTF-8
        bad.write(line("{\"x\":\"" + "a".repeat(MAX_RECORD_BYTES) + "\"}")); // oversized
        write("zeek-conn.log", bad.toByteArray());

        write("vpc.log", Files.readAllBytes(Records.fixture("aws-vpc-flow", "v5-header.log")));
        byte[] eve = Files.readAllBytes(Records.fixture("suricata-eve", "eve.json"));
        write("eve.json", concat(eve, line("{\"timestamp\":\"2026-11-02T00:01:00Z\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\"}")));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false)); // no silent Kryo
        DataStream<io.peerwatch.common.RawRecord> raw = FileRecordReader.source(env, List.of(
                new InputSpec(Formats.ZEEK_CONN, dir.resolve("zeek-conn.log")),
                new InputSpec(Formats.AWS_VPC_FLOW, dir.resolve("vpc.log")),
                new InputSpec(Formats.SURICATA_EVE, dir.resolve("eve.json"))), MAX_RECORD_BYTES);
        NormalizeConfig cfg = NormalizeConfig.builder().bounded(true).maxRecordBytes(MAX_RECORD_BYTES).build();
        NormalizeOutputs out = NormalizePipeline.build(raw, cfg);

        CloseableIterator<NormalizedEvent> ev = out.events().collectAsync();
        CloseableIterator<DeadLetter> dl = out.deadLetters().collectAsync();
        CloseableIterator<NormalizedEvent> late = out.late().collectAsync();
        CloseableIterator<Long> ts = out.events().process(new TimestampOffset()).collectAsync();
        JobClient client = env.executeAsync("normalize pipeline test");
        events = drain(ev);
        deadLetters = drain(dl);
        timestampOffsets = drain(ts);
        assertThat(drain(late)).as("nothing is late in a bounded run").isEmpty();
        JobExecutionResult result = client.getJobExecutionResult().get();
        counts = NormalizeCounts.from(result);
    }

    @Test
    void countsReconcilePerFormatAndMatchWhatCameOut() {
        assertThat(counts.reconciles()).as(counts.toTable()).isTrue();
        NormalizeCounts.Row conn = counts.row(Formats.ZEEK_CONN);
        assertThat(conn.read()).isEqualTo(LINES.get("zeek-conn.log").size());
        assertThat(conn.normalized()).isEqualTo(6);
        assertThat(conn.deadLettered()).isEqualTo(7);
        NormalizeCounts.Row vpc = counts.row(Formats.AWS_VPC_FLOW);
        assertThat(vpc.read()).isEqualTo(4);
        assertThat(vpc.skipped()).isEqualTo(2);
        assertThat(vpc.skipReasons()).containsEntry("header", 1L).containsEntry("NODATA", 1L);
        NormalizeCounts.Row eve = counts.row(Formats.SURICATA_EVE);
        assertThat(eve.read()).isEqualTo(18);
        assertThat(eve.normalized()).isEqualTo(15);
        assertThat(eve.skipped()).isEqualTo(2);
        assertThat(eve.deadLettered()).isEqualTo(1);
        NormalizeCounts.Row total = counts.total();
        assertThat(total.events()).isEqualTo(events.size());
        assertThat(total.deadLettered()).isEqualTo(deadLetters.size());
        assertThat(counts.toTable()).contains("zeek-conn").contains("total").contains("NODATA");
    }

    @Test
    void deadLettersCarryOriginalBytesCoordinatesAndErrorClass() {
        Map<String, String> classByLine = new HashMap<>();
        for (DeadLetter d : deadLetters) {
            String file = Path.of(d.getSource().getName()).getFileName().toString();
            long lineNo = d.getSource().getLine();
            assertThat(d.getSource().getKind()).isEqualTo("file");
            byte[] original = LINES.get(file).get((int) lineNo - 1);
            byte[] got = new byte[d.getOriginalBytes().remaining()];
            d.getOriginalBytes().duplicate().get(got);
            if (!d.getErrorClass().equals(ParseException.OVERSIZED)) {
                assertThat(got).as("original bytes of " + file + ":" + lineNo).isEqualTo(original);
            } else {
                assertThat(got).hasSize(MAX_RECORD_BYTES + 1); // the reader cuts there; the rest of the line is not kept
            }
            assertThat(d.getRawSha256()).isEqualTo(Hashing.sha256Hex(got));
            assertThat(d.getMessage()).isNotBlank();
            assertThat(d.getFormat()).isIn(Formats.ZEEK_CONN, Formats.SURICATA_EVE);
            classByLine.put(file + ":" + lineNo, d.getErrorClass());
        }
        assertThat(classByLine).containsEntry("zeek-conn.log:7", ParseException.INVALID_ADDRESS)
                .containsEntry("zeek-conn.log:8", ParseException.INVALID_NUMBER)
                .containsEntry("zeek-conn.log:9", ParseException.INVALID_TIMESTAMP)
                .containsEntry("zeek-conn.log:10", ParseException.MALFORMED)
                .containsEntry("zeek-conn.log:11", ParseException.CONTROL_CHARACTERS)
                .containsEntry("zeek-conn.log:12", ParseException.INVALID_UTF8)
                .containsEntry("zeek-conn.log:13", ParseException.OVERSIZED)
                .containsEntry("eve.json:18", ParseException.MISSING_FIELD);
    }

    @Test
    void eventsHaveUniqueStableIdsAndEventTimeTimestamps() {
        assertThat(new HashSet<>(events.stream().map(NormalizedEvent::getEventId).toList())).hasSize(events.size());
        assertThat(timestampOffsets).hasSize(events.size()).containsOnly(0L);
        NormalizedEvent vpc = events.stream().filter(e -> e.getFormat().equals(Formats.AWS_VPC_FLOW)).findFirst().orElseThrow();
        assertThat(vpc.getNetworkScope()).isEqualTo("vpc-0a1b2c3d4e5f60718");
        NormalizedEvent conn = events.stream().filter(e -> e.getFormat().equals(Formats.ZEEK_CONN)).findFirst().orElseThrow();
        assertThat(conn.getNetworkScope()).isEqualTo(NormalizeConfig.DEFAULT_NETWORK_SCOPE);
        assertThat(conn.getBody()).isInstanceOf(NetworkFlow.class);
        byte[] original = LINES.get("zeek-conn.log").get((int) conn.getSource().getLine() - 1);
        assertThat(conn.getRawSha256()).isEqualTo(Hashing.sha256Hex(original));
        assertThat(conn.getEventId()).isEqualTo(Hashing.eventId(conn.getSource(), conn.getRawSha256(), 0));
    }

    /** Emits Flink's record timestamp minus the event's own time (0 when they agree). */
    private static final class TimestampOffset extends ProcessFunction<NormalizedEvent, Long> {
        @Override
        public void processElement(NormalizedEvent e, Context ctx, Collector<Long> out) {
            out.collect(ctx.timestamp() == null ? Long.MIN_VALUE : ctx.timestamp() - e.getEventTime());
        }
    }

    private static byte[] line(String s) {
        return (s + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static void write(String name, byte[] content) throws Exception {
        Files.write(dir.resolve(name), content);
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                lines.add(Arrays.copyOfRange(content, start, i));
                start = i + 1;
            }
        }
        if (start < content.length) lines.add(Arrays.copyOfRange(content, start, content.length));
        LINES.put(name, lines);
    }

    private static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
        List<T> out = new ArrayList<>();
        try (it) {
            while (it.hasNext()) out.add(it.next());
        }
        return out;
    }
}
