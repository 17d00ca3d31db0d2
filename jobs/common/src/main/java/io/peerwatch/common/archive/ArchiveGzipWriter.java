package io.peerwatch.common.archive;

import io.peerwatch.common.RawRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.flink.api.common.serialization.BulkWriter;

/**
 * Writes raw records as standard gzip (RFC 1952), several members per file. Each member carries up to
 * {@code maxRecords} records: its compressed data is the records exactly as they arrived (one per line in line
 * buckets, the single document otherwise), and its header comment (FCOMMENT) lists the {@link ArchiveMeta} of
 * those records, one JSON line each, in the same order. Every gzip reader (zcat, GZIPInputStream, RawFiles)
 * skips header comments and concatenates members, so it sees only the original bytes; {@link ArchiveReader}
 * reads both and pairs them. Data and metadata are in one file, committed together by the FileSink: they can
 * never diverge.
 */
public final class ArchiveGzipWriter implements BulkWriter<RawRecord> {
    static final String MAGIC = "peerwatch-archive/1";
    static final String LINES = "lines";
    static final String DOCUMENT = "document";
    private static final int FCOMMENT = 0x10;

    private final OutputStream out;
    private final int maxRecords;
    private final int maxBytes;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final byte[] buf = new byte[64 * 1024];
    private final ByteArrayOutputStream payload = new ByteArrayOutputStream(64 * 1024);
    private final StringBuilder comment = new StringBuilder();
    private int records;
    private Boolean lineMember;

    public ArchiveGzipWriter(OutputStream out, int maxRecords, int maxBytes) {
        this.out = out;
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
    }

    @Override
    public void addElement(RawRecord r) throws IOException {
        boolean lines = ArchiveLayout.isLineBucket(r);
        if (lineMember != null && (lineMember != lines || !lines)) writeMember();
        byte[] b = r.bytes == null ? new byte[0] : r.bytes;
        lineMember = lines;
        comment.append('\n').append(ArchiveMeta.of(r).toJson());
        payload.write(b);
        if (lines) payload.write('\n');
        records++;
        if (records >= maxRecords || payload.size() >= maxBytes) writeMember();
    }

    @Override
    public void flush() throws IOException {
        writeMember();
        out.flush();
    }

    @Override
    public void finish() throws IOException {
        // the FileSink owns the stream and closes it; we only complete our data
        flush();
        deflater.end();
    }

    private void writeMember() throws IOException {
        if (records == 0) return;
        byte[] data = payload.toByteArray();
        String header = MAGIC + " " + (lineMember ? LINES : DOCUMENT) + comment;
        byte[] commentBytes = header.getBytes(StandardCharsets.ISO_8859_1);
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, FCOMMENT, 0, 0, 0, 0, 0, (byte) 255});
        out.write(commentBytes);
        out.write(0);
        deflater.reset();
        deflater.setInput(data);
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(buf);
            out.write(buf, 0, n);
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        writeIntLe((int) crc.getValue());
        writeIntLe(data.length);
        payload.reset();
        comment.setLength(0);
        records = 0;
        lineMember = null;
    }

    private void writeIntLe(int v) throws IOException {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 24) & 0xff);
    }

    /** The factory the FileSink calls for every new part file. */
    public static final class Factory implements BulkWriter.Factory<RawRecord> {
        private static final long serialVersionUID = 1L;
        private final int maxRecords;
        private final int maxBytes;

        public Factory(int maxRecords, int maxBytes) {
            this.maxRecords = maxRecords;
            this.maxBytes = maxBytes;
        }

        @Override
        public BulkWriter<RawRecord> create(org.apache.flink.core.fs.FSDataOutputStream out) {
            return new ArchiveGzipWriter(out, maxRecords, maxBytes);
        }
    }
}
