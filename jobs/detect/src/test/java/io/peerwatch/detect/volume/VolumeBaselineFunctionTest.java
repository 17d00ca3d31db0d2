package io.peerwatch.detect.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.detect.DetectPipeline;
import io.peerwatch.detect.TestEvents;
import io.peerwatch.detect.signal.SignalKinds;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.Signal;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class VolumeBaselineFunctionTest {
    static final long HOUR = 3_600_000L;
    /** Midnight UTC, a Monday. */
    static final long DAY0 = Instant.parse("2026-11-09T00:00:00Z").toEpochMilli();
    static final String ALLOWLIST = """
            entries:
              - name: nightly-backup
                reason: nightly rsync to the off-site backup target
                vms: ["vm-backup*"]
                destinations: ["198.51.100.0/28"]
                ports: [22]
                schedule: {from: "01:00", to: "05:00"}
            """;

    KeyedOneInputStreamOperatorTestHarness<String, AttributedEvent, Signal> harness(VolumeConfig cfg) throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new VolumeBaselineFunction(cfg), new DetectPipeline.EventVmKey(), Types.STRING);
        h.open();
        return h;
    }

    static VolumeConfig cfg() {
        return VolumeConfig.builder().allowlist(Allowlist.parse("test-allowlist.yaml", ALLOWLIST)).build();
    }

    static void upload(KeyedOneInputStreamOperatorTestHarness<String, AttributedEvent, Signal> h, String vm, long time, String dest, int port,
                       long out, long in) throws Exception {
        AttributedEvent e = TestEvents.flow(vm, time, "tcp", 40000 + (int) (time / 1000 % 20000), dest, port, out, in);
        h.processElement(e, time);
    }

    /** Hours 0..hours-1 with a steady upload of about {@code perHour} bytes to the usual destination. */
    static void baseline(KeyedOneInputStreamOperatorTestHarness<String, AttributedEvent, Signal> h, String vm, int hours, long perHour)
            throws Exception {
        for (int k = 0; k < hours; k++) {
            upload(h, vm, DAY0 + k * HOUR + 600_000, "203.0.113.10", 443, perHour / 2 + k * 1000, 5_000_000);
            upload(h, vm, DAY0 + k * HOUR + 2_400_000, "203.0.113.10", 443, perHour / 2, 5_000_000);
        }
    }

    @Test
    void aSuddenFiveFoldUploadToANewDestinationIsFlagged() throws Exception {
        try (var h = harness(cfg())) {
            baseline(h, "app-1", 8, 100_000_000);
            upload(h, "app-1", DAY0 + 8 * HOUR + 900_000, "192.0.2.77", 443, 500_000_000, 1_000_000);
            upload(h, "app-1", DAY0 + 8 * HOUR + 1_200_000, "203.0.113.10", 443, 100_000_000, 1_000_000);
            h.processWatermark(DAY0 + 10 * HOUR);
            List<Signal> out = h.extractOutputValues();
            assertThat(out).singleElement().satisfies(s -> {
                assertThat(s.getKind()).isEqualTo(SignalKinds.VOLUME_ANOMALY);
                assertThat(s.getBytesOut()).isEqualTo(600_000_000L);
                assertThat(s.getRemoteIp()).isEqualTo("192.0.2.77");
                assertThat(s.getAttributes()).containsEntry("newDestination", "true").doesNotContainKey("suppressed");
                assertThat(Double.parseDouble(s.getAttributes().get("ratio"))).isGreaterThanOrEqualTo(5.0);
                assertThat(s.getEvidence()).isNotEmpty();
                assertThat(s.getTime()).isEqualTo(DAY0 + 8 * HOUR + 900_000);
            });
        }
    }

    @Test
    void aLargeDownloadIsNotExfiltration() throws Exception {
        try (var h = harness(cfg())) {
            baseline(h, "app-2", 8, 100_000_000);
            upload(h, "app-2", DAY0 + 8 * HOUR + 900_000, "192.0.2.77", 443, 90_000_000, 8_000_000_000L);
            h.processWatermark(DAY0 + 10 * HOUR);
            assertThat(h.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void theNightlyBackupToItsAllowlistedTargetIsKeptButSuppressedWithItsReason() throws Exception {
        try (var h = harness(cfg())) {
            baseline(h, "backup-1", 1, 2_000_000); // 00:00-01:00: tiny baseline, warm-up runs on the empty hours
            for (int k = 1; k <= 26; k++) { // the first night falls in the warm-up, the second one counts
                long t = DAY0 + k * HOUR + 60_000;
                boolean backupHour = k % 24 == 2; // 02:00 every night
                upload(h, "backup-1", t, backupHour ? "198.51.100.5" : "203.0.113.10", backupHour ? 22 : 443,
                        backupHour ? 4_000_000_000L : 2_000_000, 100_000);
            }
            h.processWatermark(DAY0 + 30 * HOUR);
            List<Signal> out = h.extractOutputValues();
            assertThat(out).hasSize(1).allSatisfy(s -> {
                assertThat(s.getAttributes()).containsEntry("suppressed", "true");
                assertThat(s.getAttributes().get("suppressionReason")).isEqualTo("allowlist 'nightly-backup': nightly rsync to the off-site backup target");
                assertThat(s.getAttributes().get("expectedReason")).contains("nightly-backup");
            });
        }
    }

    @Test
    void withoutAnAllowlistTheSecondNightOfARecurringTransferIsMarkedExpected() throws Exception {
        try (var h = harness(VolumeConfig.defaults())) {
            for (int k = 0; k <= 31; k++) {
                // 04:00 on day one (after the warm-up), 04:00 on day two, and the same target at 06:00 on day two
                boolean big = k == 4 || k == 28 || k == 30;
                upload(h, "nightly", DAY0 + k * HOUR + 60_000, big ? "198.51.100.5" : "203.0.113.10", big ? 22 : 443,
                        big ? 3_000_000_000L : 1_000_000, 100_000);
            }
            h.processWatermark(DAY0 + 33 * HOUR);
            List<Signal> out = h.extractOutputValues();
            assertThat(out).hasSize(3);
            assertThat(out.get(0).getAttributes()).doesNotContainKey("suppressed").containsEntry("newDestination", "true");
            assertThat(out.get(1).getAttributes().get("suppressionReason")).startsWith("recurring: 198.51.100.5");
            assertThat(out.get(2).getAttributes()).as("same target at another hour is not the recurring job").doesNotContainKey("suppressed");
        }
    }

    @Test
    void theSameTransferOutsideItsScheduleIsFlagged() throws Exception {
        try (var h = harness(cfg())) {
            baseline(h, "backup-2", 12, 2_000_000);
            upload(h, "backup-2", DAY0 + 14 * HOUR + 60_000, "198.51.100.5", 22, 4_000_000_000L, 100_000); // 14:00, not 01-05
            h.processWatermark(DAY0 + 16 * HOUR);
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(s -> assertThat(s.getAttributes()).doesNotContainKey("suppressed"));
        }
    }

    @Test
    void aTinyVmNeverAlarmsBelowTheFloor() throws Exception {
        try (var h = harness(cfg())) {
            baseline(h, "tiny", 8, 20_000);
            upload(h, "tiny", DAY0 + 8 * HOUR + 60_000, "192.0.2.99", 443, 5_000_000, 0); // 250x, but 5 MB
            h.processWatermark(DAY0 + 10 * HOUR);
            assertThat(h.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void nothingIsFlaggedDuringWarmUp() throws Exception {
        try (var h = harness(cfg())) {
            baseline(h, "new", 2, 1_000_000);
            upload(h, "new", DAY0 + 2 * HOUR + 60_000, "192.0.2.99", 443, 2_000_000_000L, 0);
            h.processWatermark(DAY0 + 4 * HOUR);
            assertThat(h.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void stateReturnsToZeroAfterTheHistoryExpires() throws Exception {
        VolumeConfig c = cfg();
        try (var h = harness(c)) {
            baseline(h, "gone", 4, 100_000_000);
            h.processWatermark(DAY0 + 5 * HOUR);
            assertThat(h.numKeyedStateEntries()).isPositive();
            h.processWatermark(DAY0 + (5 + c.historyWindows + 1) * HOUR);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /** A busy hour at 02:00 on day 1 (inside the backup schedule): the backup target plus 200 other destinations. */
    static List<AttributedEvent> busyBackupNight(String vm) {
        List<AttributedEvent> l = new java.util.ArrayList<>();
        long t0 = DAY0 + 26 * HOUR;
        for (int i = 0; i < 200; i++) {
            l.add(TestEvents.flow(vm, t0 + i * 1000L, "tcp", 41000 + i, "192.0.2." + (i % 250), 10000 + i, 200_000 + i, 1000));
        }
        for (int i = 0; i < 30; i++) {
            l.add(TestEvents.flow(vm, t0 + 5000L + i * 60_000L, "tcp", 50000 + i, "198.51.100.5", 22, 30_000_000, 10_000));
        }
        return l;
    }

    @Test
    void aWindowIsClosedTheSameWhateverTheOrderItsFlowsArrivedIn() throws Exception {
        VolumeConfig small = VolumeConfig.builder().allowlist(Allowlist.parse("test-allowlist.yaml", ALLOWLIST))
                .maxDestinationsPerWindow(8).build();
        List<AttributedEvent> busy = busyBackupNight("vm-backup-7");
        // afterwards a 15x window to a new destination, so an unsuppressed anomaly is reported too
        AttributedEvent exfil = TestEvents.flow("vm-backup-7", DAY0 + 28 * HOUR + 60_000, "tcp", 40100, "203.0.113.99", 8443, 900_000_000, 1000);
        List<String> first = null;
        for (long seed : new long[] {1, 2, 3}) {
            List<AttributedEvent> flows = new java.util.ArrayList<>(busy);
            java.util.Collections.shuffle(flows, new java.util.Random(seed));
            try (var h = harness(small)) {
                for (int k = 0; k < 26; k++) {
                    h.processElement(TestEvents.flow("vm-backup-7", DAY0 + k * HOUR + 600_000, "tcp", 40000, "203.0.113.10", 443, 50_000_000, 1000),
                            DAY0 + k * HOUR + 600_000);
                }
                for (AttributedEvent e : flows) h.processElement(e, e.getEvent().getEventTime());
                h.processElement(exfil, exfil.getEvent().getEventTime());
                h.processWatermark(DAY0 + 30 * HOUR);
                // evidence ids of the baseline flows differ per run (fresh test events); compare the busy hour and after
                List<String> out = h.extractOutputValues().stream().filter(sig -> sig.getTime() >= DAY0 + 26 * HOUR)
                        .map(Signal::toString).toList();
                assertThat(out).hasSize(2);
                if (first == null) first = out;
                else assertThat(out).as("signals with arrival order seed %d", seed).isEqualTo(first);
            }
        }
    }

    @Test
    void allowlistedBytesCountEvenWhenTheDestinationIsOutsideTheSample() throws Exception {
        // one destination in the sample: the 200 small ones and the backup target compete for it
        VolumeConfig tiny = VolumeConfig.builder().allowlist(Allowlist.parse("test-allowlist.yaml", ALLOWLIST))
                .maxDestinationsPerWindow(1).build();
        try (var h = harness(tiny)) {
            baseline(h, "vm-backup-7", 26, 50_000_000);
            for (AttributedEvent e : busyBackupNight("vm-backup-7")) h.processElement(e, e.getEvent().getEventTime());
            h.processWatermark(DAY0 + 28 * HOUR);
            // 900 MB went to the allowlisted target: reported (the window is anomalous) but suppressed with its reason
            assertThat(h.extractOutputValues()).singleElement().satisfies(s -> {
                assertThat(s.getBytesOut()).isGreaterThan(900_000_000L);
                assertThat(s.getAttributes()).containsEntry("suppressed", "true");
                assertThat(s.getAttributes().get("suppressionReason")).contains("nightly-backup");
                assertThat(s.getRemoteIp()).isEqualTo("198.51.100.5");
                assertThat(s.getEvidence()).extracting(ev -> ev.getSummary()).anyMatch(x -> x.contains("198.51.100.5:22"));
            });
        }
    }

    @Test
    void aRelayThatSendsOnWhatItReceivesIsMarkedRelayLikeAndWeighsLess() throws Exception {
        try (var h = harness(cfg())) {
            baseline(h, "turn-1", 8, 100_000_000);
            upload(h, "turn-1", DAY0 + 8 * HOUR + 900_000, "192.0.2.77", 3478, 900_000_000, 880_000_000);
            upload(h, "turn-1", DAY0 + 9 * HOUR + 900_000, "192.0.2.78", 3478, 900_000_000, 1_000_000);
            h.processWatermark(DAY0 + 11 * HOUR);
            List<Signal> out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            assertThat(out.get(0).getAttributes()).containsEntry("relayLike", "true").doesNotContainKey("suppressed");
            assertThat(out.get(0).getAttributes().get("expectedReason")).startsWith("relay-like: received 880000000 B");
            assertThat(out.get(0).getWeight()).isLessThan(0.5);
            assertThat(out.get(1).getAttributes()).doesNotContainKey("relayLike").doesNotContainKey("expectedReason");
            assertThat(out.get(1).getWeight()).isGreaterThanOrEqualTo(0.6);
        }
    }
}
