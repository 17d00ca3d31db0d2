package io.peerwatch.detect.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.detect.DetectConfig;
import io.peerwatch.detect.DetectPipeline;
import io.peerwatch.detect.signal.SignalKinds;
import io.peerwatch.schema.Detection;
import io.peerwatch.schema.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Build-time validation of cep-patterns/: every file parses and compiles, the packaged copy equals the folder,
 * every pattern has positive and negative examples, and every example behaves (run through Flink CEP).
 */
class PatternFilesTest {
    static final Path DIR = Path.of("../../cep-patterns");

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void everyPatternFileParsesAndCompilesToACepPattern() {
        List<PatternSpec> all = PatternFiles.loadDirectory(DIR);
        assertThat(all).hasSizeGreaterThanOrEqualTo(7);
        assertThat(all).extracting(PatternSpec::id).contains("bittorrent-session", "dht-swarm", "tracker-then-peers",
                "local-peer-discovery", "client-process-then-p2p", "abnormal-upload-volume", "volume-after-p2p");
        for (PatternSpec p : all) {
            assertThat(PatternCompiler.compile(p)).as(p.id()).isNotNull();
            assertThat(p.sourceFile()).endsWith(p.id() + ".yaml");
        }
    }

    @Test
    void thePackagedPatternsAreTheFilesOfTheFolder() {
        assertThat(PatternFiles.loadPackaged()).extracting(PatternSpec::id, PatternSpec::version)
                .containsExactlyElementsOf(PatternFiles.loadDirectory(DIR).stream().map(p -> org.assertj.core.groups.Tuple.tuple(p.id(), p.version())).toList());
    }

    @Test
    void everyExampleBehavesAsLabelled() throws Exception {
        List<PatternSpec> patterns = PatternFiles.loadDirectory(DIR);
        StreamExecutionEnvironment env = io.peerwatch.detect.TestEnv.create(2);
        Map<String, Boolean> expectFires = new TreeMap<>();
        DataStream<Detection> all = null;
        for (PatternSpec p : patterns) {
            List<Signal> signals = new ArrayList<>();
            for (String label : List.of("positive", "negative")) {
                List<Path> files = files(DIR.resolve("examples").resolve(p.id()).resolve(label));
                assertThat(files).as("%s needs %s examples", p.id(), label).isNotEmpty();
                for (Path f : files) {
                    String key = p.id() + "/" + label + "/" + f.getFileName();
                    expectFires.put(key, label.equals("positive"));
                    List<Signal> example = ExampleSignals.read(f, key);
                    for (Signal s : example) {
                        assertThat(SignalKinds.ALL).as("kind in %s", f).contains(s.getKind());
                        assertThat(s.getVmKey()).as("examples keep the file's vmKey").isEqualTo(key);
                    }
                    signals.addAll(example);
                }
            }
            DataStream<Signal> in = env.fromData(signals, new AvroTypeInfo<>(Signal.class))
                    .assignTimestampsAndWatermarks(WatermarkStrategy.<Signal>noWatermarks().withTimestampAssigner((s, ts) -> s.getTime()));
            DataStream<Detection> d = DetectPipeline.detections(in, DetectConfig.builder().patterns(List.of(p)).build());
            all = all == null ? d : all.union(d);
        }
        Map<String, Integer> fired = new HashMap<>();
        try (var it = all.executeAndCollect()) {
            while (it.hasNext()) {
                Detection d = it.next();
                assertThat(d.getVmKey()).startsWith(d.getPatternId() + "/");
                if (!d.getSuppressed()) fired.merge(d.getVmKey(), 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Boolean> e : expectFires.entrySet()) {
            if (e.getValue()) assertThat(fired).as("positive example %s must fire", e.getKey()).containsKey(e.getKey());
            else assertThat(fired).as("negative example %s must not fire", e.getKey()).doesNotContainKey(e.getKey());
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
    }
}
