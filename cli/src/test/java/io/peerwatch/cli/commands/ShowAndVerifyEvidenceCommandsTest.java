package io.peerwatch.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.cli.CliRun;
import io.peerwatch.cli.Peerwatch;
import io.peerwatch.common.Hashing;
import io.peerwatch.incidents.evidence.MerkleDigest;
import io.peerwatch.incidents.ocsf.OcsfJson;
import io.peerwatch.schema.Assessment;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.IncidentActivity;
import io.peerwatch.schema.LeakScope;
import io.peerwatch.schema.SourceRef;
import io.peerwatch.schema.VmRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** show and verify-evidence over an incident file whose evidence points at real log lines. */
class ShowAndVerifyEvidenceCommandsTest {
    @TempDir
    Path tmp;
    Path logs;
    Path log;
    Path incidents;
    String findingUid = Hashing.sha256HexOf("vm-1", "p2p-filesharing", "1793577630000");

    @BeforeEach
    void writeLogsAndIncident() throws Exception {
        logs = Files.createDirectories(tmp.resolve("archive/zeek"));
        log = logs.resolve("conn.log");
        List<String> lines = List.of(NormalizeCommandTest.CONN_1, "{\"other\": 1}", NormalizeCommandTest.CONN_2);
        Files.write(log, lines, StandardCharsets.UTF_8);
        List<EvidenceRef> items = new ArrayList<>();
        for (int n : new int[] {1, 3}) {
            byte[] raw = lines.get(n - 1).getBytes(StandardCharsets.UTF_8);
            items.add(EvidenceRef.newBuilder().setEventId("ev" + n).setFormat("zeek-conn")
                    .setSource(new SourceRef("file", log.toString(), -1, -1L, (long) n))
                    .setRawSha256(Hashing.sha256Hex(raw)).setEventTime(1793577630000L + n).setSummary("flow " + n).build());
        }
        MerkleDigest digest = MerkleDigest.over(items);
        List<io.peerwatch.schema.EvidenceProof> proofs = new ArrayList<>();
        for (EvidenceRef e : items) proofs.add(digest.proof(e.getEventId()));
        Incident created = incident(IncidentActivity.CREATE, 0, items, digest, proofs);
        Incident closed = incident(IncidentActivity.CLOSE, 1, items, digest, proofs);
        incidents = tmp.resolve("incidents.jsonl");
        Files.write(incidents, List.of(OcsfJson.toJson(created), OcsfJson.toJson(closed)), StandardCharsets.UTF_8);
    }

    private Incident incident(IncidentActivity activity, int revision, List<EvidenceRef> items, MerkleDigest digest,
                              List<io.peerwatch.schema.EvidenceProof> proofs) {
        return Incident.newBuilder()
                .setFindingUid(findingUid).setActivity(activity).setRevision(revision)
                .setCategory("p2p-filesharing").setPatternId("bittorrent-peer-fanout").setTitle("BitTorrent on vm-torrent")
                .setSeverity("HIGH").setConfidence(0.9).setFirstSeen(1793577630000L).setLastSeen(1793577700000L)
                .setEmittedAt(1793577700000L + revision).setVmKey("vm-1")
                .setVm(VmRef.newBuilder().setUuid("0b7f9a4e-1111-2222-3333-444455556666").setName("vm-torrent")
                        .setPlatform("libvirt").build())
                .setLeakScope(LeakScope.newBuilder().setDistinctPeers(2).setBytesOutToPeers(300).build())
                .setEvidence(items).setEvidenceDigest(digest.toAvro()).setEvidenceProofs(proofs)
                .setAssessment(new Assessment("suspicious", "peer fan-out"))
                .build();
    }

    @Test
    void showPrintsTheLatestRevisionOfEachFindingReadably() {
        CliRun r = CliRun.of("show", incidents.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Peerwatch.OK);
        assertThat(r.out()).contains("vm-torrent").contains(findingUid).contains("CLOSE").doesNotContain("CREATE rev")
                .contains("1 incident (1 revision shown, 2 read)");
    }

    @Test
    void showWithAnUnknownIdFails() {
        CliRun r = CliRun.of("show", incidents.toString(), "--id", "ffff0000");
        assertThat(r.exitCode()).isEqualTo(Peerwatch.FAILURE);
        assertThat(r.err()).contains("no incident with id ffff0000");
    }

    @Test
    void showNeedsExactlyOneSource() {
        assertThat(CliRun.of("show").exitCode()).isEqualTo(Peerwatch.USAGE);
        assertThat(CliRun.of("show", incidents.toString(), "--topic", "x").exitCode()).isEqualTo(Peerwatch.USAGE);
    }

    @Test
    void untouchedEvidenceVerifies() {
        CliRun r = CliRun.of("verify-evidence", "--incident", incidents.toString(), "--input", "zeek-conn=" + logs);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Peerwatch.OK);
        assertThat(r.out()).contains("2 intact, 0 altered, 0 missing -> VERIFIED");
    }

    @Test
    void anAlteredRawRecordIsReportedAndFailsTheCommand() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.set(2, lines.get(2).replace("\"orig_bytes\": 232", "\"orig_bytes\": 2"));
        Files.write(log, lines, StandardCharsets.UTF_8);
        CliRun r = CliRun.of("verify-evidence", "--incident", incidents.toString(), "--input", "zeek-conn=" + logs);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Peerwatch.FAILURE);
        assertThat(r.out()).containsPattern("ALTERED\\s+zeek-conn\\s+\\S*conn.log:3").contains("1 intact, 1 altered, 0 missing");
    }

    @Test
    void movedArchivesAreFoundUnderTheInputPathAndMissingOnesReported() throws Exception {
        Path moved = Files.createDirectories(tmp.resolve("elsewhere/zeek"));
        Files.move(log, moved.resolve("conn.log"));
        CliRun found = CliRun.of("verify-evidence", "--incident", incidents.toString(), "--input", "zeek-conn=" + tmp.resolve("elsewhere"));
        assertThat(found.exitCode()).as(found.toString()).isEqualTo(Peerwatch.OK);

        Files.delete(moved.resolve("conn.log"));
        CliRun missing = CliRun.of("verify-evidence", "--incident", incidents.toString(), "--input", "zeek-conn=" + tmp.resolve("elsewhere"));
        assertThat(missing.exitCode()).isEqualTo(Peerwatch.FAILURE);
        assertThat(missing.out()).contains("MISSING").contains("0 intact, 0 altered, 2 missing");
    }
}
