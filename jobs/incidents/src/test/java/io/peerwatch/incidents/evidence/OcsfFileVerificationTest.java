package io.peerwatch.incidents.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.common.Hashing;
import io.peerwatch.common.RawRecord;
import io.peerwatch.common.io.RawFiles;
import io.peerwatch.incidents.Fixtures;
import io.peerwatch.incidents.IncidentConfig;
import io.peerwatch.incidents.IncidentRuns;
import io.peerwatch.incidents.ocsf.OcsfJson;
import io.peerwatch.schema.Detection;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.IncidentActivity;
import io.peerwatch.schema.SourceRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The path verify-evidence takes: raw log file -> incidents -> OCSF output file -> re-read -> verify. */
class OcsfFileVerificationTest {
    @TempDir
    Path dir;

    @Test
    void evidenceReadBackFromTheOcsfFileVerifiesAndAnAlteredRawLineIsFound() throws Exception {
        Path log = dir.resolve("conn.log");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add("{\"ts\":" + (1_700_000_000 + i) + ",\"id.orig_h\":\"10.0.0.5\",\"id.resp_h\":\"203.0.113." + (i % 9)
                    + "\",\"orig_bytes\":" + (1000 * (i + 1)) + "}");
        }
        Files.write(log, lines, StandardCharsets.UTF_8);
        List<Detection> detections = new ArrayList<>();
        RawFiles.read(Formats.ZEEK_CONN, log, 1 << 20, (RawRecord r) -> {
            SourceRef src = r.sourceRef();
            String sha = Hashing.sha256Hex(r.bytes);
            long t = Fixtures.T0 + r.line * 1000;
            EvidenceRef ev = new EvidenceRef(Hashing.eventId(src, sha, 0), r.format, src, sha, t, "conn line " + r.line);
            detections.add(Fixtures.detection("vm-a", Fixtures.libvirtVm("build-07"), t - 500, t,
                    List.of(Fixtures.peerFlow(t, "203.0.113." + (r.line % 9), 1000 * r.line, 10, ev))));
        });
        // fewer listed items than records: the listed ones verify by their inclusion proofs
        IncidentConfig cfg = IncidentConfig.builder().maxFirstEvidence(5).maxSignificantEvidence(3).build();
        List<Incident> revisions = IncidentRuns.run(cfg, detections);
        Path ocsf = dir.resolve("incidents.ocsf.jsonl");
        Files.write(ocsf, revisions.stream().map(OcsfJson::toJson).toList(), StandardCharsets.UTF_8);

        List<Incident> back = IncidentFiles.latestPerFinding(IncidentFiles.readIncidents(ocsf));
        assertThat(back).singleElement().satisfies(i -> assertThat(i.getActivity()).isEqualTo(IncidentActivity.CLOSE));
        List<IncidentEvidence> evidence = IncidentFiles.readOcsfLines(ocsf);
        IncidentEvidence last = evidence.get(evidence.size() - 1);
        assertThat(last.digest().getCount()).isEqualTo(40);
        assertThat(last.items()).hasSizeBetween(6, 8);
        assertThat(last.complete()).isFalse();

        VerificationReport ok = EvidenceVerifier.verify(last, new FileRawRecordLookup(List.of(dir)));
        assertThat(ok.verdict()).isEqualTo(VerificationReport.Verdict.VERIFIED);
        assertThat(ok.items()).allSatisfy(i -> assertThat(i.includedInDigest()).isTrue());

        EvidenceRef target = last.items().get(2);
        int idx = (int) target.getSource().getLine() - 1;
        lines.set(idx, lines.get(idx).replace("\"orig_bytes\":", "\"orig_bytes\":1"));
        Files.write(log, lines, StandardCharsets.UTF_8);
        VerificationReport bad = EvidenceVerifier.verify(last, new FileRawRecordLookup(List.of(dir)));
        assertThat(bad.verdict()).isEqualTo(VerificationReport.Verdict.TAMPERED);
        assertThat(bad.items()).filteredOn(i -> i.status() == VerificationReport.Status.ALTERED)
                .singleElement().satisfies(i -> assertThat(i.item().getEventId()).isEqualTo(target.getEventId()));
    }
}
