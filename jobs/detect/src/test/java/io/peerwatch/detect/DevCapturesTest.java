package io.peerwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwatch.common.io.FileRecordReader;
import io.peerwatch.common.io.InputSpec;
import io.peerwatch.identity.AttributionPipeline;
import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.NormalizePipeline;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.Detection;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.Signal;
import io.peerwatch.schema.VmRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Quality harness on the shared development captures (outside the repository; skipped when absent): raw logs ->
 * normalize -> identity -> detect, per log variant. Every BitTorrent VM the variant can reveal must get a P2P
 * detection and no other VM may. Set -Dpeerwatch.dev.verbose=true to print every signal.
 */
@EnabledIf("devDataPresent")
class DevCapturesTest {
    static final Path DEV = Path.of(System.getProperty("peerwatch.dev.data", "/work/shared/datasets/dev"));

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static boolean devDataPresent() {
        return Files.isRegularFile(DEV.resolve("truth.json"));
    }

    static List<InputSpec> inputs(String variant) {
        List<String> specs = new ArrayList<>();
        switch (variant) {
            case "zeek" -> specs.addAll(List.of("zeek-conn", "zeek-dns", "zeek-http", "zeek-ssl"));
            case "suricata" -> specs.add("suricata-eve");
            default -> specs.add("aws-vpc-flow");
        }
        if (!variant.equals("flows")) specs.addAll(List.of("dnsmasq-dhcp", "libvirt-event", "libvirt-domxml"));
        return specs.stream().map(f -> InputSpec.parse(f + "=" + DEV.resolve(f))).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"zeek", "suricata", "flows"})
    void everyRevealableBitTorrentVmIsFoundAndNoOther(String variant) throws Exception {
        StreamExecutionEnvironment env = TestEnv.create(2);
        DataStream<NormalizedEvent> events = NormalizePipeline.build(
                FileRecordReader.source(env, inputs(variant), NormalizeConfig.boundedDefaults().maxRecordBytes()),
                NormalizeConfig.boundedDefaults()).events();
        DataStream<AttributedEvent> attributed = AttributionPipeline.build(events, IdentityConfig.defaults()).attributed();
        DetectConfig cfg = DetectConfig.defaults();
        DataStream<Signal> signals = DetectPipeline.signals(attributed, cfg);
        boolean verbose = Boolean.getBoolean("peerwatch.dev.verbose");
        if (verbose) signals.map(s -> "SIGNAL " + java.time.Instant.ofEpochMilli(s.getTime()) + " " + s.getVmKey() + " " + s.getKind() + " n=" + s.getCount() + " " + s.getAttributes()).print();
        List<Detection> detections = new ArrayList<>();
        try (var it = DetectPipeline.detections(signals, cfg).executeAndCollect()) {
            it.forEachRemaining(detections::add);
        }

        JsonNode truth = new ObjectMapper().readTree(DEV.resolve("truth.json").toFile());
        Map<String, String> nameById = new HashMap<>();
        Set<String> mustFind = new TreeSet<>();
        Set<String> benign = new TreeSet<>();
        Map<String, Set<String>> vmsOfCapture = new TreeMap<>();
        for (JsonNode c : truth) {
            for (JsonNode v : c.get("vms")) {
                String name = v.get("name").asText();
                for (String k : List.of("uuid", "instance_id", "name")) nameById.put(v.get(k).asText().toLowerCase(), name);
                if (!v.get("bt").asBoolean()) benign.add(name);
                else if (v.get("seen_in_" + variant).asBoolean()) {
                    mustFind.add(name);
                    vmsOfCapture.computeIfAbsent(c.get("capture").asText(), k -> new TreeSet<>()).add(name);
                }
            }
        }
        Map<String, Set<String>> p2pByVm = new TreeMap<>();
        for (Detection d : detections) {
            if (!d.getCategory().equals("p2p-filesharing") || d.getSuppressed()) continue;
            String name = vmName(d.getVm(), d.getVmKey(), nameById);
            p2pByVm.computeIfAbsent(name, k -> new TreeSet<>()).add(d.getPatternId() + "@" + d.getConfidence());
        }
        System.out.println("== " + variant + ": P2P detections by VM: " + p2pByVm);
        assertThat(p2pByVm.keySet()).as("false P2P VMs in " + variant).doesNotContainAnyElementsOf(benign);
        for (Map.Entry<String, Set<String>> c : vmsOfCapture.entrySet()) {
            assertThat(c.getValue()).as("capture %s must be found in %s", c.getKey(), variant).containsAnyElementsOf(p2pByVm.keySet());
        }
    }

    static String vmName(VmRef vm, String vmKey, Map<String, String> nameById) {
        if (vm != null) {
            for (String k : new String[] {vm.getUuid(), vm.getInstanceId(), vm.getName()}) {
                if (k != null && nameById.containsKey(k.toLowerCase())) return nameById.get(k.toLowerCase());
            }
        }
        return nameById.getOrDefault(vmKey.toLowerCase(), vmKey);
    }
}
