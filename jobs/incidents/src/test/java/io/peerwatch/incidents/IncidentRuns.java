package io.peerwatch.incidents;

import io.peerwatch.incidents.lifecycle.Detections;
import io.peerwatch.incidents.lifecycle.IncidentLifecycleFunction;
import io.peerwatch.schema.Detection;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.VmRef;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Real incidents for output tests: detections run through the lifecycle operator in a harness. */
public final class IncidentRuns {
    private IncidentRuns() {}

    /** All revisions (CREATE .. CLOSE) the lifecycle emits for the detections, in a bounded run. */
    public static List<Incident> run(IncidentConfig cfg, List<Detection> detections) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Detection, Incident> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IncidentLifecycleFunction(cfg)), Detections::incidentKey, Types.STRING)) {
            h.open();
            for (Detection d : detections) {
                h.processElement(d, d.getLastSeen());
            }
            h.processWatermark(Long.MAX_VALUE);
            return new ArrayList<>(h.extractOutputValues());
        }
    }

    /**
     * Like a live job: detections arrive in time order and the watermark follows {@code lag} behind each one, so
     * incidents are created, updated and closed while the stream runs; the end of input closes the rest.
     */
    public static List<Incident> runLive(IncidentConfig cfg, List<Detection> inTimeOrder, long lag) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Detection, Incident> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IncidentLifecycleFunction(cfg)), Detections::incidentKey, Types.STRING)) {
            h.open();
            long wm = Long.MIN_VALUE;
            for (Detection d : inTimeOrder) {
                h.processElement(d, d.getLastSeen());
                if (d.getLastSeen() - lag > wm) {
                    wm = d.getLastSeen() - lag;
                    h.processWatermark(wm);
                }
            }
            h.processWatermark(Long.MAX_VALUE);
            return new ArrayList<>(h.extractOutputValues());
        }
    }

    /** A BitTorrent incident of the given VM: tracker, client process and uploads to several peers. */
    public static List<Incident> bittorrent(VmRef vm) throws Exception {
        List<Detection> ds = new ArrayList<>();
        EvidenceRef trackerEv = Fixtures.evidence("/logs/http.log", 3, Fixtures.T0 - 60_000);
        ds.add(Fixtures.detection("vm-a", vm, Fixtures.T0 - 60_000, Fixtures.T0, List.of(
                Fixtures.tracker(Fixtures.T0 - 60_000, "tracker.example.org", "0123456789abcdef0123456789abcdef01234567", trackerEv),
                Fixtures.process(Fixtures.T0 - 50_000, "qbittorrent-nox", "qbittorrent-nox --profile=/home/u"))));
        for (int i = 0; i < 12; i++) {
            ds.add(Fixtures.upload("vm-a", vm, Fixtures.T0 + i * 60_000L, "203.0.113." + (i % 5 + 1), 1_000_000L * (i + 1), 10 + i));
        }
        return run(IncidentConfig.defaults(), ds);
    }
}
