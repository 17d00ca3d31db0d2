package io.peerwatch.common.io;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads log archives: a file or a directory (recursively, in name order), plain or {@code .gz}. Line formats
 * give one record per line (line numbers are 1-based and kept as evidence coordinates); whole-document
 * formats ({@link Formats#WHOLE_FILE}) give one record per file. A record longer than {@code maxRecordBytes}
 * is cut at {@code maxRecordBytes + 1} bytes so that the normalizer dead-letters it as oversized instead of
 * the reader running out of memory; the rest of that line is skipped.
 */
public final class RawFiles {
    private RawFiles() {}

    /** The files an input names, sorted, hidden files skipped. */
    public static List<Path> list(Path path) {
        if (Files.isRegularFile(path)) return List.of(path);
        try (Stream<Path> s = Files.walk(path)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
    }

    public static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return file.getFileName().toString().endsWith(".gz") ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /** Streams the records of one file to {@code out}; returns how many were read. */
    public static long read(String format, Path file, int maxRecordBytes, Consumer<RawRecord> out) throws IOException {
        long mtime = Files.getLastModifiedTime(file).toMillis();
        String name = file.toString();
        try (InputStream in = open(file)) {
            if (Formats.WHOLE_FILE.contains(format)) {
                byte[] doc = in.readNBytes(maxRecordBytes + 1);
                out.accept(RawRecord.fromFile(format, name, 1, mtime, doc));
                return 1;
            }
            long lineNo = 0;
            long count = 0;
            ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
            boolean overflow = false;
            int b;
            boolean any = false;
            while ((b = in.read()) != -1) {
                any = true;
                if (b == '\n') {
                    lineNo++;
                    if (emit(format, name, lineNo, mtime, buf, out)) count++;
                    buf.reset();
                    overflow = false;
                    any = false;
                } else if (!overflow) {
                    buf.write(b);
                    if (buf.size() > maxRecordBytes) overflow = true;
                }
            }
            if (any) {
                lineNo++;
                if (emit(format, name, lineNo, mtime, buf, out)) count++;
            }
            return count;
        }
    }

    private static boolean emit(String format, String name, long lineNo, long mtime, ByteArrayOutputStream buf, Consumer<RawRecord> out) {
        byte[] bytes = buf.toByteArray();
        int len = bytes.length;
        if (len > 0 && bytes[len - 1] == '\r') len--;
        if (len == 0) return false; // blank lines are not records
        byte[] rec = len == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, len);
        out.accept(RawRecord.fromFile(format, name, lineNo, mtime, rec));
        return true;
    }

    /** Reads every record of every file of the given inputs, in input then file order. */
    public static List<RawRecord> readAll(List<InputSpec> inputs, int maxRecordBytes) throws IOException {
        List<RawRecord> all = new ArrayList<>();
        for (InputSpec in : inputs) {
            for (Path f : list(in.path())) read(in.format(), f, maxRecordBytes, all::add);
        }
        return all;
    }
}
