package io.peerwatch.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwatch.common.RawRecord;
import io.peerwatch.common.io.FileRecordReader;
import io.peerwatch.common.io.InputSpec;
import io.peerwatch.identity.net.Addresses;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.NormalizeOutputs;
import io.peerwatch.normalize.NormalizePipeline;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.VmSide;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The development captures (../shared/datasets/dev): the same private addresses recur for different VMs in
 * different hours. Read through the real normalizers and attribution, every flow of a VM in truth.json must
 * go to that VM, and nothing else may be attributed to a VM.
 */
class DevDataAttributionTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** One VM of truth.json, with its capture's time slot (epoch seconds, inclusive). */
    record TruthVm(String name, String uuid, String instanceId, String ip, long slotStart, long slotEnd) {
        boolean holds(String address, long millis) {
            return ip.equals(address) && millis >= slotStart * 1000 && millis <= (slotEnd + 1) * 1000;
        }
    }

    static Optional<Path> devData() {
        String env = System.getenv("PEERWATCH_DEV_DATA");
        if (env != null && Files.isDirectory(Path.of(env))) return Optional.of(Path.of(env));
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets/dev");
            if (Files.isRegularFile(candidate.resolve("truth.json"))) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    static List<TruthVm> truth(Path dev) throws Exception {
        List<TruthVm> out = new ArrayList<>();
        for (JsonNode capture : new ObjectMapper().readTree(dev.resolve("truth.json").toFile())) {
            for (JsonNode vm : capture.get("vms")) {
                out.add(new TruthVm(vm.get("name").asText(), vm.get("uuid").asText(), vm.get("instance_id").asText(),
                        Addresses.canonical(vm.get("ip").asText()), capture.get("slot_start").asLong(),
                        capture.get("slot_end").asLong()));
            }
        }
        return out;
    }

    static List<AttributedEvent> attribute(Path dev, String... formats) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false));
        List<InputSpec> inputs = new ArrayList<>();
        for (String f : formats) inputs.add(new InputSpec(f, dev.resolve(f)));
        DataStream<RawRecord> raw = FileRecordReader.source(env, inputs, NormalizeConfig.DEFAULT_MAX_RECORD_BYTES);
        NormalizeOutputs normalized = NormalizePipeline.build(raw, NormalizeConfig.boundedDefaults());
        AttributionOutputs outs = AttributionPipeline.build(normalized.events(), IdentityConfig.defaults());
        List<AttributedEvent> result = new ArrayList<>();
        try (CloseableIterator<AttributedEvent> it = outs.attributed().executeAndCollect("dev data attribution")) {
            it.forEachRemaining(result::add);
        }
        return result;
    }

    /** The truth VM that held the address at that time, if any. */
    static TruthVm holder(List<TruthVm> truth, String address, long millis) {
        TruthVm found = null;
        for (TruthVm vm : truth) {
            if (vm.holds(address, millis)) {
                assertThat(found).as("truth has one holder of %s at %s", address, millis).isNull();
                found = vm;
            }
        }
        return found;
    }

    @Test
    void zeekFlowsWithDhcpAndLibvirtGoToTheVmThatHeldTheAddressInThatHour() throws Exception {
        Optional<Path> dev = devData();
        assumeTrue(dev.isPresent(), "shared/datasets/dev not present");
        List<AttributedEvent> out = attribute(dev.get(), "zeek-conn", "zeek-dns", "zeek-http", "zeek-ssl",
                "dnsmasq-dhcp", "libvirt-domxml", "libvirt-event");
        assertFlowsGoToTheirVms(truth(dev.get()), out, 800);
        assertAppEventsGoToTheirClients(truth(dev.get()), out);
    }

    @Test
    void suricataEventsWithDhcpAndLibvirtGoToTheVmThatHeldTheAddressInThatHour() throws Exception {
        Optional<Path> dev = devData();
        assumeTrue(dev.isPresent(), "shared/datasets/dev not present");
        List<AttributedEvent> out = attribute(dev.get(), "suricata-eve", "dnsmasq-dhcp", "libvirt-domxml", "libvirt-event");
        assertFlowsGoToTheirVms(truth(dev.get()), out, 100);
        assertAppEventsGoToTheirClients(truth(dev.get()), out);
    }

    /** DNS/HTTP/TLS events and protocol hints sent by a VM are on that VM; none is on a VM that did not send it. */
    static void assertAppEventsGoToTheirClients(List<TruthVm> truth, List<AttributedEvent> out) {
        List<String> wrong = new ArrayList<>();
        int vmEvents = 0;
        for (AttributedEvent a : out) {
            if (a.getEvent().getBody() instanceof NetworkFlow) continue;
            VmSide s = a.getSide();
            TruthVm want = holder(truth, s.getLocalIp(), a.getEvent().getEventTime());
            if (want == null) {
                if (s.getAttributed()) wrong.add("attributed although no VM held it: " + s);
                continue;
            }
            vmEvents++;
            if (!s.getAttributed() || !want.uuid().equals(s.getVmKey())) wrong.add("expected " + want.name() + " for " + s);
        }
        assertThat(wrong).isEmpty();
        assertThat(vmEvents).isGreaterThan(10);
    }

    static void assertFlowsGoToTheirVms(List<TruthVm> truth, List<AttributedEvent> out, int atLeast) {

        List<String> wrong = new ArrayList<>();
        int vmSides = 0;
        java.util.Set<String> expectedSides = new java.util.HashSet<>();
        for (AttributedEvent a : out) {
            if (!(a.getEvent().getBody() instanceof NetworkFlow f)) continue;
            VmSide s = a.getSide();
            TruthVm want = holder(truth, s.getLocalIp(), f.getStartTime());
            if (want == null) {
                if (s.getAttributed()) wrong.add("attributed although no VM held it: " + s);
                continue;
            }
            vmSides++;
            expectedSides.add(a.getEvent().getEventId() + "/" + s.getDirection());
            if (!s.getAttributed() || !want.uuid().equals(s.getVmKey()) || !want.name().equals(s.getVm().getName())) {
                wrong.add("expected " + want.name() + " for " + s);
            }
        }
        assertThat(wrong).isEmpty();
        // every flow end that a VM held produced its side, once (none lost, none doubled)
        long flowsWithVmEnd = countFlowEndsHeldByVms(truth, out);
        assertThat(vmSides).isEqualTo(expectedSides.size()).isEqualTo((int) flowsWithVmEnd).isGreaterThan(atLeast);
    }

    /** Distinct (flow, side) pairs whose address a truth VM held at the flow's start. */
    static long countFlowEndsHeldByVms(List<TruthVm> truth, List<AttributedEvent> out) {
        java.util.Set<String> flows = new java.util.HashSet<>();
        java.util.Map<String, NetworkFlow> byId = new java.util.HashMap<>();
        for (AttributedEvent a : out) {
            if (a.getEvent().getBody() instanceof NetworkFlow f) byId.put(a.getEvent().getEventId(), f);
        }
        for (var e : byId.entrySet()) {
            NetworkFlow f = e.getValue();
            if (holder(truth, Addresses.canonical(f.getSrcIp()), f.getStartTime()) != null) flows.add(e.getKey() + "/src");
            if (holder(truth, Addresses.canonical(f.getDstIp()), f.getStartTime()) != null) flows.add(e.getKey() + "/dst");
        }
        return flows.size();
    }

    @Test
    void vpcFlowLogsAloneGoToTheInstanceThatLoggedThem() throws Exception {
        Optional<Path> dev = devData();
        assumeTrue(dev.isPresent(), "shared/datasets/dev not present");
        List<TruthVm> truth = truth(dev.get());
        List<AttributedEvent> out = attribute(dev.get(), "aws-vpc-flow");

        long records;
        try (var lines = Files.lines(dev.get().resolve("aws-vpc-flow/flows.log"))) {
            records = lines.filter(l -> l.startsWith("5 ")).count();
        }
        assertThat(out).hasSize((int) records);
        List<String> wrong = new ArrayList<>();
        for (AttributedEvent a : out) {
            NetworkFlow f = (NetworkFlow) a.getEvent().getBody();
            VmSide s = a.getSide();
            TruthVm want = holder(truth, s.getLocalIp(), f.getStartTime());
            if (want == null || !s.getAttributed() || !want.instanceId().equals(s.getVmKey())
                    || !want.instanceId().equals(f.getInstanceId())) {
                wrong.add("expected " + (want == null ? "a VM" : want.instanceId()) + " for " + s);
            }
        }
        assertThat(wrong).isEmpty();
    }
}
