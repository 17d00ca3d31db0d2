package io.peerwatch.common.archive;

import io.peerwatch.common.Formats;
import io.peerwatch.common.Hashing;
import io.peerwatch.common.RawRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a raw record goes in the archive. Directories are partitioned by the UTC date of the record's Kafka
 * timestamp (arrival time: raw records are not parsed yet, so their event time is unknown; a backfill over a
 * period should include a day before and after) and by FORMAT:
 *
 * <pre>
 *   dt=2025-11-03/format=zeek-conn/part-*.gz                         line formats: one original line per record
 *   dt=2025-11-03/format=libvirt-domxml/doc-p0-o42/part-*.gz          whole-document formats: one document per file
 *   dt=2025-11-03/_unsplittable/format=zeek-conn/doc-p1-o7/part-*.gz  line-format records that are not one line
 * </pre>
 *
 * So {@code --input zeek-conn=ARCHIVE/dt=2025-11-03/format=zeek-conn} reads exactly the archived records back
 * with RawFiles (same bytes, same SHA-256). Records of a line format that cannot survive line splitting (empty,
 * containing a newline, or ending in a carriage return) are kept whole under {@code _unsplittable}: not
 * replayable as lines (they were dead letters live), but kept as evidence and readable with {@link ArchiveReader}.
 */
public final class ArchiveLayout {
    public static final String UNSPLITTABLE = "_unsplittable";
    public static final String UNKNOWN_DATE = "dt=unknown";

    private ArchiveLayout() {}

    /** The bucket (relative directory) of one record. */
    public static String bucket(RawRecord r) {
        String day = dateDir(r.sourceTimestamp);
        String format = "format=" + r.format;
        if (Formats.WHOLE_FILE.contains(r.format)) return day + "/" + format + "/" + documentDir(r);
        if (!isLineSafe(r.bytes)) return day + "/" + UNSPLITTABLE + "/" + format + "/" + documentDir(r);
        return day + "/" + format;
    }

    /** True when the bucket of this record holds many records, one per line. */
    public static boolean isLineBucket(RawRecord r) {
        return !Formats.WHOLE_FILE.contains(r.format) && isLineSafe(r.bytes);
    }

    /** A record RawFiles reads back unchanged when it is written as one line. */
    public static boolean isLineSafe(byte[] b) {
        if (b == null || b.length == 0 || b[b.length - 1] == '\r') return false;
        for (byte x : b) if (x == '\n') return false;
        return true;
    }

    public static String dateDir(long epochMillis) {
        if (epochMillis < 0) return UNKNOWN_DATE;
        return "dt=" + LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    /** One directory per document, named after its coordinates so it is unique and findable. */
    static String documentDir(RawRecord r) {
        if ("kafka".equals(r.sourceKind)) return "doc-p" + r.partition + "-o" + r.offset;
        return "doc-f" + Hashing.sha256HexOf(r.sourceName, Long.toString(r.line)).substring(0, 16);
    }

    /** The directory to pass as {@code --input FORMAT=DIR} for one day. */
    public static Path formatDir(Path root, LocalDate day, String format) {
        return root.resolve("dt=" + day).resolve("format=" + Formats.require(format));
    }

    /**
     * {@code FORMAT=DIR} arguments for {@code backfill --input} covering [from, to] (inclusive, UTC days) for
     * the formats present in the archive; only existing directories.
     */
    public static List<String> inputArgs(Path root, LocalDate from, LocalDate to) {
        List<String> args = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            for (String f : Formats.ALL) {
                Path dir = formatDir(root, d, f);
                if (Files.isDirectory(dir)) args.add(f + "=" + dir);
            }
        }
        return args;
    }
}
