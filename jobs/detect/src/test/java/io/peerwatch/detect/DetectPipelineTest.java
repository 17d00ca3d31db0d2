package io.peerwatch.detect;

import static io.peerwatch.detect.TestEvents.at;
import static io.peerwatch.detect.TestEvents.peer;
import static io.peerwatch.detect.TestEvents.peerPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.Detection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole detect stage on a MiniCluster: hand-built attributed events of several VMs, out of order, parallelism 2. */
class DetectPipelineTest {
    static final long HOUR = 3_600_000L;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** Several VMs: a BitTorrent client with rich logs, one seen only in flows, look-alikes, an exfiltration. */
    static List<AttributedEvent> scenario() {
        List<AttributedEvent> l = new ArrayList<>();
        // BitTorrent VM with DNS + HTTP logs, peers over TCP, DHT over UDP on its listen port, seeding
        l.add(TestEvents.dns("bt-rich", at(0), "tracker.example.org"));
        l.add(TestEvents.http("bt-rich", at(2), "tracker.example.org:6969", "/announce?info_hash=%aa&peer_id=-TR2940-x&port=51413", "Transmission/2.94"));
        for (int i = 0; i < 12; i++) l.add(TestEvents.flow("bt-rich", at(5 + i * 3), "tcp", 42000 + i, peer(i), peerPort(i), 400, 900));
        for (int i = 12; i < 22; i++) l.add(TestEvents.flow("bt-rich", at(8 + i * 2), "udp", 51413, peer(i), peerPort(i), 180, 260));
        for (int i = 0; i < 6; i++) l.add(TestEvents.flow("bt-rich", at(200 + i * 20), "tcp", 51413, peer(40 + i), peerPort(40 + i), 6_000_000, 50_000, true));
        // BitTorrent VM seen only in flow records: outbound peer-wire connections
        for (int i = 0; i < 9; i++) l.add(TestEvents.flow("bt-flows", at(30 + i * 4), "tcp", 51000 + i, peer(100 + i), peerPort(100 + i), 300, 700));
        // desktop browsing: many servers, all on 443 (TCP and QUIC)
        for (int i = 0; i < 40; i++) l.add(TestEvents.flow("desk", at(i * 5), i % 3 == 0 ? "udp" : "tcp", 50000 + i, peer(200 + i), 443, 3000, 200_000));
        // public web server: many clients on local port 443
        for (int i = 0; i < 40; i++) l.add(TestEvents.flow("www", at(i * 5), "tcp", 443, peer(300 + i), 30000 + i * 17, 150_000, 2000, true));
        // TURN relay: many peers over UDP on local 3478
        for (int i = 0; i < 30; i++) l.add(TestEvents.flow("turn", at(i * 5), "udp", 3478, peer(400 + i), 40000 + i * 13, 300, 300, true));
        // Gnutella servent: fan-out, a share of peers on 6346
        for (int i = 0; i < 30; i++) {
            int port = i % 5 == 4 ? 6346 : peerPort(500 + i);
            l.add(TestEvents.flow("gnutella", at(10 + i * 2), "tcp", 45000 + i, peer(500 + i), port, 600, 500));
        }
        // exfiltration: 100 MB/h to its usual API for 8 hours, then 600 MB in one hour to a new destination
        for (int k = 0; k < 8; k++) {
            l.add(TestEvents.flow("exfil", TestEvents.T0 + k * HOUR + 900_000, "tcp", 40000 + k, "203.0.113.10", 443, 100_000_000 + k * 1000, 2_000_000));
        }
        l.add(TestEvents.flow("exfil", TestEvents.T0 + 8 * HOUR + 900_000, "tcp", 40100, "192.0.2.77", 443, 600_000_000, 1_000_000));
        return l;
    }

    /** Disorder within the watermark bound: events up to 20 positions and less than a minute of event time apart swap. */
    static List<AttributedEvent> shuffledLocally(List<AttributedEvent> events, long seed) {
        List<AttributedEvent> l = new ArrayList<>(events);
        l.sort((a, b) -> Long.compare(a.getEvent().getEventTime(), b.getEvent().getEventTime()));
        Random r = new Random(seed);
        for (int i = 0; i < l.size(); i++) {
            int j = Math.min(l.size() - 1, i + r.nextInt(20));
            if (Math.abs(l.get(i).getEvent().getEventTime() - l.get(j).getEvent().getEventTime()) < 60_000) Collections.swap(l, i, j);
        }
        return l;
    }

    static List<Detection> run(List<AttributedEvent> events, int parallelism) throws Exception {
        StreamExecutionEnvironment env = TestEnv.create(parallelism);
        DataStream<AttributedEvent> in = env.fromData(events, new AvroTypeInfo<>(AttributedEvent.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<AttributedEvent>forBoundedOutOfOrderness(Duration.ofMinutes(2))
                        .withTimestampAssigner((e, ts) -> e.getEvent().getEventTime()));
        List<Detection> out = new ArrayList<>();
        try (var it = DetectPipeline.build(in, DetectConfig.defaults()).executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        out.sort(java.util.Comparator.comparing(Detection::toString));
        return out;
    }

    static Map<String, Set<String>> byVm(List<Detection> detections) {
        Map<String, Set<String>> m = new TreeMap<>();
        for (Detection d : detections) {
            if (!d.getSuppressed()) m.computeIfAbsent(d.getVmKey(), k -> new TreeSet<>()).add(d.getCategory() + ":" + d.getPatternId());
        }
        return m;
    }

    @Test
    void findsTheBitTorrentVmsAndTheExfiltrationAndNothingElseOutOfOrderAtParallelismTwo() throws Exception {
        Map<String, Set<String>> found = byVm(run(shuffledLocally(scenario(), 1), 2));
        assertThat(found).containsOnlyKeys("bt-rich", "bt-flows", "exfil");
        assertThat(found.get("bt-rich")).contains("p2p-filesharing:tracker-announce", "p2p-filesharing:tracker-then-peers",
                "p2p-filesharing:peer-swarm", "p2p-filesharing:bittorrent-dpi");
        assertThat(found.get("bt-flows")).containsExactly("p2p-filesharing:peer-swarm");
        assertThat(found.get("exfil")).containsExactly("abnormal-transfer-volume:abnormal-upload-volume");
    }

    @Test
    void resultsAreTheSameAtParallelismOneAndTwoAndWhateverTheArrivalOrder() throws Exception {
        List<AttributedEvent> events = scenario();
        List<Detection> p1 = run(shuffledLocally(events, 2), 1);
        List<Detection> p2 = run(shuffledLocally(events, 3), 2);
        assertThat(p2).isEqualTo(p1);
        assertThat(p1).isNotEmpty();
    }

    @Test
    void richerLogsGiveEarlierAndSurerBitTorrentFindings() throws Exception {
        List<Detection> all = run(shuffledLocally(scenario(), 4), 2);
        double rich = all.stream().filter(d -> d.getVmKey().equals("bt-rich") && d.getCategory().equals("p2p-filesharing"))
                .mapToDouble(Detection::getConfidence).max().orElse(0);
        double flows = all.stream().filter(d -> d.getVmKey().equals("bt-flows")).mapToDouble(Detection::getConfidence).max().orElse(0);
        assertThat(rich).isGreaterThan(flows);
        long firstRich = all.stream().filter(d -> d.getVmKey().equals("bt-rich")).mapToLong(Detection::getLastSeen).min().orElseThrow();
        assertThat(firstRich).as("found within two minutes of the first peer traffic").isLessThanOrEqualTo(at(5) + 120_000);
        Detection exfil = all.stream().filter(d -> d.getVmKey().equals("exfil")).findFirst().orElseThrow();
        assertThat(exfil.getSignals()).singleElement().satisfies(s -> assertThat(s.getAttributes()).containsEntry("newDestination", "true"));
        assertThat(exfil.getVm().getName()).isEqualTo("vm-exfil");
    }
}
