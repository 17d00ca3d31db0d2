package io.peerwatch.incidents.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.common.Hashing;
import io.peerwatch.common.RawRecord;
import io.peerwatch.common.io.RawFiles;
import io.peerwatch.schema.EvidenceDigest;
import io.peerwatch.schema.EvidenceProof;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.SourceRef;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceVerifierTest {
    @TempDir
    Path dir;

    private static final List<String> LINES = List.of(
            "{\"ts\":1700000000.1,\"id.orig_h\":\"10.0.0.5\",\"id.resp_h\":\"203.0.113.1\",\"orig_bytes\":1000}",
            "{\"ts\":1700000001.2,\"id.orig_h\":\"10.0.0.5\",\"id.resp_h\":\"203.0.113.2\",\"orig_bytes\":2000}",
            "",
            "{\"ts\":1700000002.3,\"id.orig_h\":\"10.0.0.5\",\"id.resp_h\":\"203.0.113.3\",\"orig_bytes\":3000}\r",
            "{\"ts\":1700000003.4,\"id.orig_h\":\"10.0.0.5\",\"id.resp_h\":\"203.0.113.4\",\"orig_bytes\":4000}");

    /** Evidence exactly as the pipeline records it: the records RawFiles reads, with their SHA-256. */
    private static List<EvidenceRef> evidenceOf(Path file) throws IOException {
        List<EvidenceRef> out = new ArrayList<>();
        RawFiles.read(Formats.ZEEK_CONN, file, 1 << 20, (RawRecord r) -> {
            SourceRef src = r.sourceRef();
            String sha = Hashing.sha256Hex(r.bytes);
            out.add(new EvidenceRef(Hashing.eventId(src, sha, 0), r.format, src, sha, 1_700_000_000_000L + r.line, "line " + r.line));
        });
        return out;
    }

    private static IncidentEvidence complete(List<EvidenceRef> items) {
        MerkleDigest d = MerkleDigest.over(items);
        List<EvidenceProof> proofs = items.stream().map(e -> d.proof(e.getEventId())).toList();
        return new IncidentEvidence("f1", 0, "CREATE", d.toAvro(), d.leaves(), proofs);
    }

    @Test
    void untouchedRecordsVerifyAndTheRootIsRecomputed() throws IOException {
        Path f = dir.resolve("conn.log");
        Files.write(f, String.join("\n", LINES).getBytes(StandardCharsets.UTF_8));
        IncidentEvidence inc = complete(evidenceOf(f));
        try (RawRecordLookup lookup = new FileRawRecordLookup(List.of())) {
            VerificationReport r = EvidenceVerifier.verify(inc, lookup);
            assertThat(r.items()).hasSize(4).allSatisfy(i -> {
                assertThat(i.status()).isEqualTo(VerificationReport.Status.INTACT);
                assertThat(i.includedInDigest()).isTrue();
            });
            assertThat(r.verdict()).isEqualTo(VerificationReport.Verdict.VERIFIED);
            assertThat(r.recomputedRoot()).isEqualTo(inc.digest().getRoot());
            assertThat(r.rootMatches()).isTrue();
        }
    }

    @Test
    void oneAlteredRawLineIsReportedAlteredAndChangesTheRecomputedRoot() throws IOException {
        Path f = dir.resolve("conn.log");
        Files.write(f, String.join("\n", LINES).getBytes(StandardCharsets.UTF_8));
        IncidentEvidence inc = complete(evidenceOf(f));
        List<String> altered = new ArrayList<>(LINES);
        altered.set(1, altered.get(1).replace("\"orig_bytes\":2000", "\"orig_bytes\":20"));
        Files.write(f, String.join("\n", altered).getBytes(StandardCharsets.UTF_8));

        VerificationReport r = EvidenceVerifier.verify(inc, new FileRawRecordLookup(List.of()));
        assertThat(r.items()).extracting(VerificationReport.ItemResult::status).containsExactly(
                VerificationReport.Status.INTACT, VerificationReport.Status.ALTERED,
                VerificationReport.Status.INTACT, VerificationReport.Status.INTACT);
        assertThat(r.items().get(1).item().getSource().getLine()).isEqualTo(2);
        assertThat(r.verdict()).isEqualTo(VerificationReport.Verdict.TAMPERED);
        assertThat(r.recomputedRoot()).isNotNull().isNotEqualTo(r.expectedRoot());
    }

    @Test
    void aDeletedRawLineIsReportedMissing() throws IOException {
        Path f = dir.resolve("conn.log.gz");
        writeGzip(f, LINES);
        IncidentEvidence inc = complete(evidenceOf(f));
        writeGzip(f, LINES.subList(0, 4)); // the last record is gone

        VerificationReport r = EvidenceVerifier.verify(inc, new FileRawRecordLookup(List.of()));
        assertThat(r.count(VerificationReport.Status.INTACT)).isEqualTo(3);
        assertThat(r.items().get(3).status()).isEqualTo(VerificationReport.Status.MISSING);
        assertThat(r.items().get(3).detail()).contains("no record at line 5");
        assertThat(r.verdict()).isEqualTo(VerificationReport.Verdict.INCOMPLETE);
        assertThat(r.recomputedRoot()).isNull();
    }

    @Test
    void movedFilesAreFoundUnderTheGivenInputPaths() throws IOException {
        Path old = dir.resolve("old/site-a/conn.log");
        Files.createDirectories(old.getParent());
        Files.write(old, String.join("\n", LINES).getBytes(StandardCharsets.UTF_8));
        IncidentEvidence inc = complete(evidenceOf(old));
        Path moved = dir.resolve("archive/site-a/conn.log");
        Files.createDirectories(moved.getParent());
        Files.move(old, moved);

        assertThat(EvidenceVerifier.verify(inc, new FileRawRecordLookup(List.of())).verdict())
                .isEqualTo(VerificationReport.Verdict.INCOMPLETE);
        assertThat(EvidenceVerifier.verify(inc, new FileRawRecordLookup(List.of(dir.resolve("archive")))).verdict())
                .isEqualTo(VerificationReport.Verdict.VERIFIED);
    }

    @Test
    void aPartialListVerifiesByInclusionProofsAndAForgedItemIsCaught() throws IOException {
        Path f = dir.resolve("conn.log");
        Files.write(f, String.join("\n", LINES).getBytes(StandardCharsets.UTF_8));
        List<EvidenceRef> all = evidenceOf(f);
        MerkleDigest d = MerkleDigest.over(all);
        List<EvidenceRef> listed = List.of(d.leaves().get(0), d.leaves().get(2));
        IncidentEvidence partial = new IncidentEvidence("f1", 3, "CLOSE", d.toAvro(), listed,
                listed.stream().map(e -> d.proof(e.getEventId())).toList());
        VerificationReport ok = EvidenceVerifier.verify(partial, new FileRawRecordLookup(List.of()));
        assertThat(ok.verdict()).isEqualTo(VerificationReport.Verdict.VERIFIED);
        assertThat(ok.recomputedRoot()).as("a partial list cannot give the root by itself").isNull();

        // an item swapped into the incident file (same proof, other record) is not a leaf of the digest
        EvidenceRef forged = EvidenceRef.newBuilder(listed.get(1)).setSource(d.leaves().get(1).getSource())
                .setRawSha256(d.leaves().get(1).getRawSha256()).build();
        IncidentEvidence swapped = new IncidentEvidence("f1", 3, "CLOSE", d.toAvro(), List.of(listed.get(0), forged), partial.proofs());
        VerificationReport bad = EvidenceVerifier.verify(swapped, new FileRawRecordLookup(List.of()));
        assertThat(bad.items().get(1).status()).isEqualTo(VerificationReport.Status.INTACT);
        assertThat(bad.items().get(1).includedInDigest()).isFalse();
        assertThat(bad.verdict()).isEqualTo(VerificationReport.Verdict.TAMPERED);

        EvidenceDigest wrongRoot = new EvidenceDigest(d.toAvro().getAlgorithm(), Hashing.sha256Hex("x"), d.count());
        IncidentEvidence edited = new IncidentEvidence("f1", 3, "CLOSE", wrongRoot, listed, partial.proofs());
        assertThat(EvidenceVerifier.verify(edited, new FileRawRecordLookup(List.of())).listMatchesDigest()).isFalse();
    }

    private static void writeGzip(Path f, List<String> lines) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }
    }
}
