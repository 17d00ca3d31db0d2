package io.peerwatch.incidents.lifecycle;

import static io.peerwatch.incidents.Fixtures.MIN;
import static io.peerwatch.incidents.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.incidents.Fixtures;
import io.peerwatch.incidents.IncidentConfig;
import io.peerwatch.incidents.IncidentPipeline;
import io.peerwatch.incidents.evidence.MerkleDigest;
import io.peerwatch.schema.Detection;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.IncidentActivity;
import io.peerwatch.schema.VmRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.junit.jupiter.api.Test;

class IncidentLifecycleFunctionTest {
    static final IncidentConfig CFG = IncidentConfig.builder().detectionGrace(java.time.Duration.ZERO)
            .updateInterval(Duration.ofMinutes(5)).quietPeriod(Duration.ofMinutes(30)).build();
    static final VmRef VM = Fixtures.libvirtVm("build-07");

    static KeyedOneInputStreamOperatorTestHarness<String, Detection, Incident> harness(IncidentConfig cfg) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Detection, Incident> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IncidentLifecycleFunction(cfg)), Detections::incidentKey, Types.STRING);
        // state must serialize without Kryo
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
        h.open();
        return h;
    }

    static void feed(KeyedOneInputStreamOperatorTestHarness<String, Detection, Incident> h, Detection d) throws Exception {
        h.processElement(d, d.getLastSeen());
    }

    static List<Incident> drain(KeyedOneInputStreamOperatorTestHarness<String, Detection, Incident> h) {
        List<Incident> out = new ArrayList<>(h.extractOutputValues());
        h.getOutput().clear();
        return out;
    }

    @Test
    void createsOnFirstDetectionRateLimitsUpdatesAndClosesWithFinalFiguresThenForgetsEverything() throws Exception {
        var h = harness(CFG);
        feed(h, Fixtures.upload("vm-a", VM, T0, "203.0.113.1", 1_000, 1));
        assertThat(drain(h)).as("nothing before the watermark passes").isEmpty();
        h.processWatermark(T0);
        List<Incident> created = drain(h);
        assertThat(created).hasSize(1);
        Incident c = created.get(0);
        assertThat(c.getActivity()).isEqualTo(IncidentActivity.CREATE);
        assertThat(c.getRevision()).isZero();
        assertThat(c.getLeakScope().getBytesOutToPeers()).isEqualTo(1_000);
        assertThat(c.getLeakScope().getDistinctPeers()).isEqualTo(1);
        assertThat(c.getEmittedAt()).isEqualTo(T0);
        assertThat(c.getFindingUid()).isEqualTo(IncidentAggregation.findingUid("vm-a", "p2p-filesharing", T0 - 1000));

        Detection second = Fixtures.upload("vm-a", VM, T0 + MIN, "203.0.113.2", 5_000, 2);
        feed(h, second);
        h.processWatermark(T0 + MIN);
        feed(h, Fixtures.upload("vm-a", VM, T0 + 2 * MIN, "203.0.113.3", 7_000, 3));
        h.processWatermark(T0 + 2 * MIN);
        assertThat(drain(h)).as("material growth within the update interval waits").isEmpty();

        h.processWatermark(T0 + 5 * MIN);
        List<Incident> updated = drain(h);
        assertThat(updated).hasSize(1);
        Incident u = updated.get(0);
        assertThat(u.getActivity()).isEqualTo(IncidentActivity.UPDATE);
        assertThat(u.getRevision()).isEqualTo(1);
        assertThat(u.getEmittedAt()).isEqualTo(T0 + 5 * MIN);
        assertThat(u.getLeakScope().getBytesOutToPeers()).isEqualTo(13_000);
        assertThat(u.getLeakScope().getDistinctPeers()).isEqualTo(3);
        assertThat(u.getLeakScope().getTopPeers()).extracting(p -> p.getIp())
                .containsExactly("203.0.113.3", "203.0.113.2", "203.0.113.1");

        // the same raw flow again (an overlapping match): no bytes counted twice, nothing material, no update
        feed(h, Detection.newBuilder(second).setFirstSeen(T0 + 5 * MIN).setLastSeen(T0 + 6 * MIN).build());
        h.processWatermark(T0 + 20 * MIN);
        assertThat(drain(h)).isEmpty();

        h.processWatermark(T0 + 36 * MIN - 1);
        assertThat(drain(h)).as("quiet period not over yet").isEmpty();
        h.processWatermark(T0 + 36 * MIN);
        List<Incident> closed = drain(h);
        assertThat(closed).hasSize(1);
        Incident x = closed.get(0);
        assertThat(x.getActivity()).isEqualTo(IncidentActivity.CLOSE);
        assertThat(x.getRevision()).isEqualTo(2);
        assertThat(x.getFindingUid()).isEqualTo(c.getFindingUid());
        assertThat(x.getLeakScope().getBytesOutToPeers()).isEqualTo(13_000);
        assertThat(x.getLastSeen()).isEqualTo(T0 + 6 * MIN);
        assertThat(x.getLeakScope().getDurationMs()).isEqualTo(6 * MIN + 1000);
        assertThat(x.getLeakScope().getUpperBound()).isTrue();
        assertThat(x.getLeakScope().getStatement()).startsWith("Upper bound");
        assertThat(x.getEvidenceDigest().getCount()).isEqualTo(3);
        assertThat(x.getEvidence()).hasSize(3);

        assertThat(h.numKeyedStateEntries()).as("state of a closed incident is gone").isZero();
        assertThat(h.numEventTimeTimers()).as("no timers left").isZero();
        h.close();
    }

    @Test
    void anUpdateIsEmittedAtOnceWhenTheIntervalHasPassedAndAClosedIncidentIsNotReopened() throws Exception {
        var h = harness(CFG);
        feed(h, Fixtures.upload("vm-a", VM, T0, "203.0.113.1", 1_000, 1));
        h.processWatermark(T0);
        feed(h, Fixtures.upload("vm-a", VM, T0 + 10 * MIN, "203.0.113.2", 2_000, 2));
        h.processWatermark(T0 + 10 * MIN);
        List<Incident> out = drain(h);
        assertThat(out).extracting(Incident::getActivity).containsExactly(IncidentActivity.CREATE, IncidentActivity.UPDATE);
        assertThat(out.get(1).getEmittedAt()).isEqualTo(T0 + 10 * MIN);

        h.processWatermark(T0 + 40 * MIN);
        assertThat(drain(h)).extracting(Incident::getActivity).containsExactly(IncidentActivity.CLOSE);
        // new activity after the close is a new incident with a new id
        feed(h, Fixtures.upload("vm-a", VM, T0 + 50 * MIN, "203.0.113.9", 9_000, 9));
        h.processWatermark(T0 + 50 * MIN);
        List<Incident> again = drain(h);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).getActivity()).isEqualTo(IncidentActivity.CREATE);
        assertThat(again.get(0).getFindingUid()).isNotEqualTo(out.get(0).getFindingUid());
        h.close();
    }

    @Test
    void arrivalOrderWithinTheWatermarkDoesNotChangeTheResult() throws Exception {
        List<Detection> ds = new ArrayList<>();
        for (int i = 0; i < 6; i++) ds.add(Fixtures.upload("vm-a", VM, T0 + (i % 3) * MIN, "203.0.113." + i, 1000L * (i + 1), i));
        List<Detection> reversed = new ArrayList<>(ds);
        java.util.Collections.reverse(reversed);
        assertThat(runAll(ds)).isEqualTo(runAll(reversed));
    }

    private static List<Incident> runAll(List<Detection> ds) throws Exception {
        var h = harness(CFG);
        for (Detection d : ds) feed(h, d);
        h.processWatermark(Long.MAX_VALUE);
        List<Incident> out = drain(h);
        assertThat(h.numKeyedStateEntries()).isZero();
        h.close();
        return out;
    }

    @Test
    void suppressedDetectionsNeverBecomeIncidentsAndKeepTheirReason() throws Exception {
        var h = harness(CFG);
        Detection allow = Detection.newBuilder(Fixtures.upload("vm-b", VM, T0, "203.0.113.1", 10_000, 1))
                .setSuppressed(true).setSuppressionReason("destination allowlisted: backup.example.net").build();
        Detection noReason = Detection.newBuilder(allow).setSuppressionReason(null).build();
        feed(h, allow);
        feed(h, noReason);
        h.processWatermark(Long.MAX_VALUE);
        assertThat(drain(h)).isEmpty();
        List<Detection> side = new ArrayList<>();
        for (StreamRecord<Detection> r : h.getSideOutput(IncidentPipeline.SUPPRESSED)) side.add(r.getValue());
        assertThat(side).extracting(Detection::getSuppressionReason)
                .containsExactly("destination allowlisted: backup.example.net", "suppressed by detection (no reason given)");
        assertThat(h.numKeyedStateEntries()).isZero();
        h.close();
    }

    @Test
    void invalidDetectionsAreRejectedWithAReasonNotDropped() throws Exception {
        var h = harness(CFG);
        Detection bad = Detection.newBuilder(Fixtures.upload("vm-a", VM, T0, "203.0.113.1", 10, 1))
                .setFirstSeen(T0 + 10).setLastSeen(T0).build();
        feed(h, bad);
        h.processWatermark(Long.MAX_VALUE);
        assertThat(drain(h)).isEmpty();
        assertThat(h.getSideOutput(IncidentPipeline.REJECTED)).singleElement()
                .satisfies(r -> assertThat(r.getValue().getSuppressionReason()).isEqualTo("rejected: firstSeen after lastSeen"));
        h.close();
    }

    @Test
    void lateDetectionsAreStillAppliedAtTheNextWatermark() throws Exception {
        var h = harness(CFG);
        feed(h, Fixtures.upload("vm-a", VM, T0, "203.0.113.1", 1_000, 1));
        h.processWatermark(T0 + 10 * MIN);
        drain(h);
        feed(h, Fixtures.upload("vm-a", VM, T0 + MIN, "203.0.113.2", 50_000, 2));
        h.processWatermark(T0 + 11 * MIN);
        List<Incident> out = drain(h);
        assertThat(out).singleElement().satisfies(u -> {
            assertThat(u.getActivity()).isEqualTo(IncidentActivity.UPDATE);
            assertThat(u.getLeakScope().getBytesOutToPeers()).isEqualTo(51_000);
        });
        h.close();
    }

    @Test
    void expectedActivityIsAssessedAsExpectedUntilUnexplainedActivityJoins() throws Exception {
        var h = harness(CFG);
        Detection backup = Detection.newBuilder(Fixtures.upload("vm-a", VM, T0, "203.0.113.1", 1_000, 1))
                .setExpectedReason("known backup job nightly-backup to 203.0.113.1").build();
        feed(h, backup);
        h.processWatermark(T0);
        Incident c = drain(h).get(0);
        assertThat(c.getAssessment().getVerdict()).isEqualTo("expected");
        assertThat(c.getAssessment().getReason()).contains("known backup job");

        feed(h, Fixtures.upload("vm-a", VM, T0 + 6 * MIN, "203.0.113.66", 10, 2));
        h.processWatermark(T0 + 6 * MIN);
        Incident u = drain(h).get(0);
        assertThat(u.getActivity()).isEqualTo(IncidentActivity.UPDATE);
        assertThat(u.getAssessment().getVerdict()).isEqualTo("suspicious");
        assertThat(u.getAssessment().getReason()).contains("known backup job");
        h.close();
    }

    @Test
    void leakScopeCollectsInfoHashesTrackersClientAndConfidenceGrowsWithSignalKinds() throws Exception {
        var h = harness(CFG);
        EvidenceRef ev = Fixtures.evidence("/logs/http.log", 4, T0);
        Detection d = Fixtures.detection("vm-a", VM, T0 - MIN, T0, List.of(
                Fixtures.tracker(T0 - MIN, "Tracker.Example.org", "ABCDEF0123456789ABCDEF0123456789ABCDEF01", ev),
                Fixtures.peerFlow(T0, "203.0.113.1", 4_000, 100, Fixtures.evidence("/logs/conn.log", 1, T0)),
                Fixtures.process(T0, "qbittorrent-nox", "qbittorrent-nox --webui-port=8080")));
        feed(h, d);
        h.processWatermark(Long.MAX_VALUE);
        List<Incident> out = drain(h);
        Incident close = out.get(out.size() - 1);
        var s = close.getLeakScope();
        assertThat(s.getInfoHashes()).containsExactly("abcdef0123456789abcdef0123456789abcdef01");
        assertThat(s.getTrackerHosts()).containsExactly("tracker.example.org");
        assertThat(s.getClientProcess()).isEqualTo("qbittorrent-nox");
        assertThat(s.getClientCommandLine()).isEqualTo("qbittorrent-nox --webui-port=8080");
        assertThat(s.getBytesOutToPeers()).as("tracker traffic is not upload to peers").isEqualTo(4_000);
        assertThat(s.getBytesOutTotal()).isEqualTo(4_300);
        assertThat(close.getSignalKinds()).containsExactly("client-process", "peer-upload", "tracker-announce");
        assertThat(close.getConfidence()).isGreaterThan(0.7).isEqualTo(IncidentAggregation.confidence(0.7, 3));
        assertThat(close.getTimeline()).extracting(t -> t.getKind())
                .containsExactly("tracker-announce", "client-process", "peer-upload");
        assertThat(close.getResponse()).isNotEmpty().allSatisfy(r -> assertThat(r.getPlatform()).isEqualTo("libvirt"));
        h.close();
    }

    @Test
    void evidenceListIsBoundedButTheDigestCoversEveryItemAndEachListedItemCarriesItsProof() throws Exception {
        IncidentConfig small = IncidentConfig.builder().detectionGrace(java.time.Duration.ZERO).maxFirstEvidence(3).maxSignificantEvidence(2).maxTimeline(4).build();
        var h = harness(small);
        List<EvidenceRef> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Detection d = Fixtures.upload("vm-a", VM, T0 + i * 1000, "203.0.113." + (i % 7), 100L * (i + 1), i + 1);
            all.add(d.getSignals().get(0).getEvidence().get(0));
            feed(h, d);
        }
        h.processWatermark(Long.MAX_VALUE);
        List<Incident> out = drain(h);
        Incident close = out.get(out.size() - 1);
        assertThat(close.getEvidenceDigest().getCount()).isEqualTo(20);
        assertThat(close.getEvidenceDigest().getRoot()).isEqualTo(MerkleDigest.rootOf(all));
        assertThat(close.getEvidence()).hasSizeBetween(4, 5);
        assertThat(close.getEvidenceProofs()).hasSameSizeAs(close.getEvidence());
        // the first three by time, then the largest upload of the top peers
        assertThat(close.getEvidence().subList(0, 3)).containsExactlyElementsOf(all.subList(0, 3));
        assertThat(close.getEvidence()).contains(all.get(19));
        assertThat(close.getTimeline()).hasSize(5);
        assertThat(close.getTimeline().get(4).getSummary()).isEqualTo("16 more matched signals not listed");
        h.close();
    }
}
