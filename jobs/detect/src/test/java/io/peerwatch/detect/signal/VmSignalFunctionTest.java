package io.peerwatch.detect.signal;

import static io.peerwatch.detect.TestEvents.at;
import static io.peerwatch.detect.TestEvents.peer;
import static io.peerwatch.detect.TestEvents.peerPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.detect.DetectPipeline;
import io.peerwatch.detect.TestEvents;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class VmSignalFunctionTest {
    static final SignalConfig CFG = SignalConfig.builder().idleStateTtl(Duration.ofHours(1)).build();

    static KeyedOneInputStreamOperatorTestHarness<String, AttributedEvent, Signal> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new VmSignalFunction(CFG), new DetectPipeline.EventVmKey(), Types.STRING);
    }

    static List<AttributedEvent> swarm(String vm, int peers, int startSecond) {
        List<AttributedEvent> l = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            l.add(TestEvents.flow(vm, at(startSecond + i), "tcp", 50000 + i, peer(i), peerPort(i), 300, 700));
        }
        return l;
    }

    @Test
    void signalsWaitForTheWatermarkAndFollowEventTimeWhateverTheArrivalOrder() throws Exception {
        List<AttributedEvent> events = swarm("vm-a", 9, 0);
        List<Signal> inOrder;
        try (var h = harness()) {
            h.open();
            for (AttributedEvent e : events) h.processElement(e, e.getEvent().getEventTime());
            assertThat(h.extractOutputValues()).as("nothing before the watermark").isEmpty();
            h.processWatermark(at(100));
            inOrder = h.extractOutputValues();
        }
        List<AttributedEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(7));
        try (var h = harness()) {
            h.open();
            for (AttributedEvent e : shuffled) h.processElement(e, e.getEvent().getEventTime());
            h.processWatermark(at(100));
            assertThat(h.extractOutputValues()).isEqualTo(inOrder);
        }
        assertThat(inOrder).extracting(Signal::getKind).containsOnly(SignalKinds.PEER_FANOUT);
        assertThat(inOrder).extracting(Signal::getCount).containsExactly(3L, 5L, 8L);
        assertThat(inOrder.get(1).getAttributes()).containsEntry("shape", "outbound").containsEntry("tcpPeers", "5");
        assertThat(inOrder.get(1).getEvidence()).hasSize(5).allSatisfy(ev -> assertThat(ev.getRawSha256()).hasSize(64));
    }

    @Test
    void webBrowsingToManyServersOnPort443GivesNoSignal() throws Exception {
        try (var h = harness()) {
            h.open();
            for (int i = 0; i < 40; i++) {
                AttributedEvent e = TestEvents.flow("desk", at(i), i % 2 == 0 ? "tcp" : "udp", 50000 + i, peer(i), 443, 2000, 90000);
                h.processElement(e, e.getEvent().getEventTime());
            }
            h.processWatermark(at(1000));
            assertThat(h.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void aRememberedDhtPortMarksLaterFlowsAsKnownEndpoint() throws Exception {
        try (var h = harness()) {
            h.open();
            AttributedEvent hint = TestEvents.hint("bt", at(0), "bittorrent-dht", "dht-query", null, 6881);
            h.processElement(hint, hint.getEvent().getEventTime());
            AttributedEvent later = TestEvents.flow("bt", at(600), "udp", 6881, peer(3), peerPort(3), 200, 300);
            h.processElement(later, later.getEvent().getEventTime());
            h.processWatermark(at(700));
            assertThat(h.extractOutputValues()).extracting(Signal::getKind)
                    .containsExactly(SignalKinds.DHT_ACTIVITY, SignalKinds.KNOWN_ENDPOINT);
        }
    }

    @Test
    void aLateEventIsHandledAtTheNextWatermarkNotDropped() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processWatermark(at(100));
            AttributedEvent late = TestEvents.flow("lpd", at(10), "udp", 6771, "239.192.152.143", 6771, 150, 0);
            h.processElement(late, late.getEvent().getEventTime());
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(at(101));
            assertThat(h.extractOutputValues()).singleElement().satisfies(s -> {
                assertThat(s.getKind()).isEqualTo(SignalKinds.LOCAL_PEER_DISCOVERY);
                assertThat(s.getTime()).as("the signal keeps the event's own time").isEqualTo(at(10));
            });
        }
    }

    @Test
    void repeatedEvidenceIsThrottledPerCooldown() throws Exception {
        try (var h = harness()) {
            h.open();
            for (int i = 0; i < 12; i++) { // every 30 s for 6 minutes
                AttributedEvent e = TestEvents.flow("lpd", at(i * 30), "udp", 6771, "239.192.152.143", 6771, 150, 0);
                h.processElement(e, e.getEvent().getEventTime());
            }
            h.processWatermark(at(400));
            assertThat(h.extractOutputValues()).as("one per 5 minutes").extracting(Signal::getTime).containsExactly(at(0), at(300));
        }
    }

    @Test
    void stateReturnsToZeroAfterTheVmIsIdle() throws Exception {
        try (var h = harness()) {
            h.open();
            for (AttributedEvent e : swarm("vm-a", 12, 0)) h.processElement(e, e.getEvent().getEventTime());
            AttributedEvent hint = TestEvents.hint("vm-a", at(20), "bittorrent-dht", "dht-query", null, 6881);
            h.processElement(hint, hint.getEvent().getEventTime());
            h.processWatermark(at(60));
            assertThat(h.numKeyedStateEntries()).isPositive();
            h.processWatermark(at(60) + Duration.ofHours(2).toMillis());
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void peerStateIsBoundedUnderAHugeFanout() throws Exception {
        SignalConfig small = SignalConfig.builder().maxTrackedPeers(20).build();
        try (var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new VmSignalFunction(small), new DetectPipeline.EventVmKey(), Types.STRING)) {
            h.open();
            for (int i = 0; i < 200; i++) {
                AttributedEvent e = TestEvents.flow("big", at(i / 10), "tcp", 40000 + i, peer(i), peerPort(i), 300, 700);
                h.processElement(e, e.getEvent().getEventTime());
            }
            h.processWatermark(at(30));
            assertThat(h.extractOutputValues()).extracting(Signal::getCount).allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(20L));
            // buffer drained; peers map <= 20 entries + memo, endpoints, recent
            assertThat(h.numKeyedStateEntries()).isLessThanOrEqualTo(20 + 3);
        }
    }
}
