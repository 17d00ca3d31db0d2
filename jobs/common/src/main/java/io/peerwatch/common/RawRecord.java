package io.peerwatch.common;

import java.util.Arrays;

/**
 * One raw log record exactly as it arrived, with the coordinates needed to find it again. A Flink POJO
 * (public fields, no-arg constructor) so it is serialized without Kryo.
 */
public class RawRecord {
    /** FORMAT name, see {@link Formats}. */
    public String format;
    /** "kafka" or "file". */
    public String sourceKind;
    /** topic or file path. */
    public String sourceName;
    public int partition = -1;
    public long offset = -1;
    /** 1-based first line for files, -1 for Kafka. */
    public long line = -1;
    /** Kafka record timestamp or file modification time (epoch millis): a fallback only, never event time. */
    public long sourceTimestamp;
    public byte[] bytes;

    public RawRecord() {}

    public static RawRecord fromKafka(String format, String topic, int partition, long offset, long timestamp, byte[] bytes) {
        RawRecord r = new RawRecord();
        r.format = format;
        r.sourceKind = "kafka";
        r.sourceName = topic;
        r.partition = partition;
        r.offset = offset;
        r.sourceTimestamp = timestamp;
        r.bytes = bytes;
        return r;
    }

    public static RawRecord fromFile(String format, String path, long line, long timestamp, byte[] bytes) {
        RawRecord r = new RawRecord();
        r.format = format;
        r.sourceKind = "file";
        r.sourceName = path;
        r.line = line;
        r.sourceTimestamp = timestamp;
        r.bytes = bytes;
        return r;
    }

    /** The same record at the same coordinates with other bytes (e.g. after stripping a BOM). */
    public RawRecord withBytes(byte[] content) {
        RawRecord r = new RawRecord();
        r.format = format;
        r.sourceKind = sourceKind;
        r.sourceName = sourceName;
        r.partition = partition;
        r.offset = offset;
        r.line = line;
        r.sourceTimestamp = sourceTimestamp;
        r.bytes = content;
        return r;
    }

    public io.peerwatch.schema.SourceRef sourceRef() {
        return new io.peerwatch.schema.SourceRef(sourceKind, sourceName, partition, offset, line);
    }

    /** "topic[partition]@offset" or "path:line", for messages and evidence summaries. */
    public String coordinates() {
        return "kafka".equals(sourceKind) ? sourceName + "[" + partition + "]@" + offset : sourceName + ":" + line;
    }

    @Override
    public String toString() {
        return "RawRecord{" + format + " " + coordinates() + " " + (bytes == null ? 0 : bytes.length) + " bytes}";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RawRecord r)) return false;
        return partition == r.partition && offset == r.offset && line == r.line && sourceTimestamp == r.sourceTimestamp
                && java.util.Objects.equals(format, r.format) && java.util.Objects.equals(sourceKind, r.sourceKind)
                && java.util.Objects.equals(sourceName, r.sourceName) && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(format, sourceName, partition, offset, line);
    }
}
