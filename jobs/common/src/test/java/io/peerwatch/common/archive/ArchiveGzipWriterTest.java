package io.peerwatch.common.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.common.Hashing;
import io.peerwatch.common.RawRecord;
import io.peerwatch.common.io.RawFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveGzipWriterTest {
    @TempDir
    Path tmp;

    static RawRecord kafka(String format, int partition, long offset, String text) {
        return RawRecord.fromKafka(format, "peerwatch.raw." + format, partition, offset, 1_762_128_000_000L + offset,
                text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(List<RawRecord> records, int maxRecordsPerMember) throws IOException {
        Path f = tmp.resolve("part-0.gz");
        try (OutputStream out = Files.newOutputStream(f)) {
            ArchiveGzipWriter w = new ArchiveGzipWriter(out, maxRecordsPerMember, 1 << 20);
            for (RawRecord r : records) w.addElement(r);
            w.finish();
        }
        return f;
    }

    private static List<RawRecord> lines(int n) {
        List<RawRecord> rs = new ArrayList<>();
        for (int i = 0; i < n; i++) rs.add(kafka("zeek-conn", i % 2, i, "{\"ts\": " + i + ", \"note\": \"caf\u00e9 \u2603\"}"));
        return rs;
    }

    @Test
    void anyGzipReaderSeesOnlyTheOriginalLinesAcrossMembers() throws IOException {
        List<RawRecord> rs = lines(25);
        Path f = write(rs, 10); // three members

        String plain;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            plain = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder expected = new StringBuilder();
        rs.forEach(r -> expected.append(new String(r.bytes, StandardCharsets.UTF_8)).append('\n'));
        assertThat(plain).isEqualTo(expected.toString());
    }

    @Test
    void rawFilesReadsTheSameBytesAndHashesBack() throws IOException {
        List<RawRecord> rs = lines(12);
        Path f = write(rs, 5);
        List<RawRecord> back = new ArrayList<>();
        RawFiles.read("zeek-conn", f, 1 << 20, back::add);
        assertThat(back).hasSize(12);
        for (int i = 0; i < rs.size(); i++) {
            assertThat(back.get(i).bytes).isEqualTo(rs.get(i).bytes);
            assertThat(Hashing.sha256Hex(back.get(i).bytes)).isEqualTo(Hashing.sha256Hex(rs.get(i).bytes));
        }
    }

    @Test
    void archiveReaderRestoresTheOriginalCoordinatesOfEveryRecord() throws IOException {
        List<RawRecord> rs = lines(7);
        Path f = write(rs, 3);
        List<ArchiveReader.ArchivedRecord> back = new ArrayList<>();
        ArchiveReader.readFile(f, back::add);
        assertThat(back).hasSize(7).allMatch(ArchiveReader.ArchivedRecord::intact);
        for (int i = 0; i < rs.size(); i++) assertThat(back.get(i).toRawRecord()).isEqualTo(rs.get(i));
        assertThat(back.get(4).meta().coordinates()).isEqualTo("peerwatch.raw.zeek-conn[0]@4");
    }

    @Test
    void aDocumentGetsAMemberOfItsOwnAndKeepsEveryByte() throws IOException {
        RawRecord doc = kafka("libvirt-domxml", 0, 3, "<domain type='kvm'>\r\n  <name>vm-1</name>\n</domain>\n\n");
        Path f = write(List.of(doc), 1000);
        List<ArchiveReader.ArchivedRecord> back = ArchiveReader.readAll(tmp);
        assertThat(back).singleElement().satisfies(r -> {
            assertThat(r.bytes()).isEqualTo(doc.bytes);
            assertThat(r.intact()).isTrue();
        });
        List<RawRecord> viaRawFiles = new ArrayList<>();
        RawFiles.read("libvirt-domxml", f, 1 << 20, viaRawFiles::add);
        assertThat(viaRawFiles).singleElement().satisfies(r -> assertThat(r.bytes).isEqualTo(doc.bytes));
    }

    @Test
    void onlyRecordsThatSurviveLineSplittingAreLineRecords() {
        assertThat(ArchiveLayout.isLineSafe("a b".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(ArchiveLayout.isLineSafe(new byte[0])).isFalse();
        assertThat(ArchiveLayout.isLineSafe("a\nb".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ArchiveLayout.isLineSafe("a\r".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ArchiveLayout.bucket(kafka("zeek-conn", 1, 7, "x\ny"))).isEqualTo("dt=2025-11-03/_unsplittable/format=zeek-conn/doc-p1-o7");
        assertThat(ArchiveLayout.bucket(kafka("zeek-conn", 1, 7, "xy"))).isEqualTo("dt=2025-11-03/format=zeek-conn");
        assertThat(ArchiveLayout.bucket(kafka("libvirt-leases", 0, 9, "[]"))).isEqualTo("dt=2025-11-03/format=libvirt-leases/doc-p0-o9");
    }

    @Test
    void aRecordAlteredAfterArchivingIsReportedNotIntact() throws IOException {
        RawRecord original = kafka("zeek-conn", 0, 1, "{\"orig_bytes\": 100}");
        // a consistent gzip file (valid CRC) whose data was changed but whose metadata still has the old hash
        byte[] altered = "{\"orig_bytes\": 999}\n".getBytes(StandardCharsets.UTF_8);
        String comment = ArchiveGzipWriter.MAGIC + " " + ArchiveGzipWriter.LINES + "\n" + ArchiveMeta.of(original).toJson();
        Path f = tmp.resolve("tampered.gz");
        Files.write(f, member(comment, altered));

        List<ArchiveReader.ArchivedRecord> back = ArchiveReader.readAll(tmp);
        assertThat(back).singleElement().satisfies(r -> {
            assertThat(r.intact()).isFalse();
            assertThat(r.meta().sha256()).isEqualTo(Hashing.sha256Hex(original.bytes));
        });
    }

    @Test
    void aCorruptedFileFailsLoudlyInsteadOfYieldingWrongRecords() throws IOException {
        Path f = write(lines(20), 50);
        byte[] b = Files.readAllBytes(f);
        b[b.length - 12] ^= 0x55; // inside the compressed data
        Files.write(f, b);
        assertThatThrownBy(() -> ArchiveReader.readFile(f, r -> { })).isInstanceOf(ArchiveFormatException.class);
    }

    /** One gzip member with a header comment, built by hand (java.util.zip cannot write comments). */
    static byte[] member(String comment, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0x10, 0, 0, 0, 0, 0, (byte) 255});
        out.writeBytes(comment.getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[4096];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        CRC32 crc = new CRC32();
        crc.update(data);
        long c = crc.getValue();
        for (int i = 0; i < 4; i++) out.write((int) (c >>> (8 * i)) & 0xff);
        for (int i = 0; i < 4; i++) out.write((data.length >>> (8 * i)) & 0xff);
        return out.toByteArray();
    }
}
