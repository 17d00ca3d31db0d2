package io.peerwatch.common.archive;

import io.peerwatch.common.Hashing;
import io.peerwatch.common.RawRecord;
import io.peerwatch.common.io.RawFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads archive files back with their metadata: every record with the coordinates it had when it was archived
 * (topic/partition/offset), so a replay or an evidence check months later sees the same ids as the live job.
 * Checks the gzip CRC and length of every member and reports per record whether its bytes still hash to the
 * archived SHA-256.
 */
public final class ArchiveReader {
    /** Upper bound of one member's uncompressed data (the writer makes ~1 MiB members; documents may be larger). */
    static final int MAX_MEMBER_BYTES = 256 * 1024 * 1024;

    private ArchiveReader() {}

    /** One archived record: its metadata and its bytes as stored now. */
    public record ArchivedRecord(Path file, ArchiveMeta meta, byte[] bytes) {
        /** True when the stored bytes still hash to the SHA-256 recorded when they were archived. */
        public boolean intact() {
            return bytes.length == meta.length() && Hashing.sha256Hex(bytes).equals(meta.sha256());
        }

        /** The record with its original coordinates (not the archive file's). */
        public RawRecord toRawRecord() {
            return meta.toRawRecord(bytes);
        }
    }

    /** Streams the records of one archive file; returns how many. */
    public static long readFile(Path file, Consumer<ArchivedRecord> out) throws IOException {
        try (InputStream in = Files.newInputStream(file); MemberStream ms = new MemberStream(in, file)) {
            long n = 0;
            while (ms.hasMore()) n += ms.readMember(out);
            return n;
        }
    }

    /** Streams every archive file under {@code dir} (recursively, name order; in-progress hidden files skipped). */
    public static long readTree(Path dir, Consumer<ArchivedRecord> out) throws IOException {
        long n = 0;
        for (Path f : RawFiles.list(dir)) {
            if (f.getFileName().toString().endsWith(".gz")) n += readFile(f, out);
        }
        return n;
    }

    public static List<ArchivedRecord> readAll(Path dir) throws IOException {
        List<ArchivedRecord> all = new ArrayList<>();
        readTree(dir, all::add);
        return all;
    }

    /** The archived record that came from {@code topic[partition]@offset}, searching {@code dir} (e.g. one day). */
    public static Optional<ArchivedRecord> find(Path dir, String topic, int partition, long offset) throws IOException {
        ArchivedRecord[] found = new ArchivedRecord[1];
        readTree(dir, r -> {
            ArchiveMeta m = r.meta();
            if (found[0] == null && "kafka".equals(m.sourceKind()) && m.sourceName().equals(topic)
                    && m.partition() == partition && m.offset() == offset) {
                found[0] = r;
            }
        });
        return Optional.ofNullable(found[0]);
    }

    /** Minimal RFC 1952 member parser that keeps the header comment (java.util.zip drops it). */
    private static final class MemberStream implements AutoCloseable {
        private final InputStream in;
        private final Path file;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;
        private final Inflater inflater = new Inflater(true);

        MemberStream(InputStream in, Path file) {
            this.in = in;
            this.file = file;
        }

        @Override
        public void close() {
            inflater.end();
        }

        boolean hasMore() throws IOException {
            return pos < limit || fill() > 0;
        }

        private int fill() throws IOException {
            int n = in.read(buf);
            pos = 0;
            limit = Math.max(n, 0);
            return limit;
        }

        private int readByte() throws IOException {
            if (pos >= limit && fill() <= 0) throw corrupt("truncated gzip member");
            return buf[pos++] & 0xff;
        }

        private long readIntLe() throws IOException {
            return readByte() | (readByte() << 8) | (readByte() << 16) | ((long) readByte() << 24);
        }

        long readMember(Consumer<ArchivedRecord> out) throws IOException {
            if (readByte() != 0x1f || readByte() != 0x8b || readByte() != 8) throw corrupt("not a gzip member");
            int flags = readByte();
            for (int i = 0; i < 6; i++) readByte(); // mtime, xfl, os
            if ((flags & 0x04) != 0) { // FEXTRA
                int len = readByte() | (readByte() << 8);
                for (int i = 0; i < len; i++) readByte();
            }
            if ((flags & 0x08) != 0) readZeroTerminated(); // FNAME
            String comment = (flags & 0x10) != 0 ? readZeroTerminated() : "";
            if ((flags & 0x02) != 0) { readByte(); readByte(); } // FHCRC
            byte[] data = inflateMember();
            long crc = readIntLe();
            long size = readIntLe();
            CRC32 c = new CRC32();
            c.update(data);
            if (c.getValue() != crc || (data.length & 0xffffffffL) != size) throw corrupt("gzip CRC or length mismatch");
            return split(comment, data, out);
        }

        private String readZeroTerminated() throws IOException {
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            int b;
            while ((b = readByte()) != 0) s.write(b);
            return s.toString(StandardCharsets.ISO_8859_1);
        }

        private byte[] inflateMember() throws IOException {
            inflater.reset();
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            byte[] chunk = new byte[64 * 1024];
            try {
                while (!inflater.finished()) {
                    if (inflater.needsInput()) {
                        if (pos >= limit && fill() <= 0) throw corrupt("truncated compressed data");
                        inflater.setInput(buf, pos, limit - pos);
                        pos = limit;
                    }
                    int n = inflater.inflate(chunk);
                    data.write(chunk, 0, n);
                    if (data.size() > MAX_MEMBER_BYTES) throw corrupt("member larger than " + MAX_MEMBER_BYTES + " bytes");
                    if (n == 0 && inflater.needsDictionary()) throw corrupt("unexpected deflate dictionary");
                }
            } catch (DataFormatException e) {
                throw corrupt("bad compressed data: " + e.getMessage());
            }
            // bytes the inflater did not consume belong to the trailer and the next member
            pos = limit - inflater.getRemaining();
            return data.toByteArray();
        }

        private long split(String comment, byte[] data, Consumer<ArchivedRecord> out) {
            String[] lines = comment.split("\n");
            if (lines.length < 1 || !lines[0].startsWith(ArchiveGzipWriter.MAGIC + " ")) {
                throw corrupt("gzip member without peerwatch archive metadata");
            }
            boolean lineMember = lines[0].endsWith(" " + ArchiveGzipWriter.LINES);
            if (!lineMember && lines.length != 2) throw corrupt("a document member must hold exactly one record");
            int at = 0;
            for (int i = 1; i < lines.length; i++) {
                ArchiveMeta m = ArchiveMeta.fromJson(lines[i]);
                int end;
                if (lineMember) {
                    // the stored line is whatever lies before the next newline: an altered length shows as not intact
                    end = at;
                    while (end < data.length && data[end] != '\n') end++;
                    if (end >= data.length) throw corrupt("missing newline after record " + i);
                } else {
                    end = data.length;
                }
                out.accept(new ArchivedRecord(file, m, Arrays.copyOfRange(data, at, end)));
                at = lineMember ? end + 1 : end;
            }
            if (at != data.length) throw corrupt("member data and metadata disagree on the number of records");
            return lines.length - 1L;
        }

        private ArchiveFormatException corrupt(String what) {
            return new ArchiveFormatException(file + ": " + what);
        }
    }
}
