package io.peerwatch.common.archive;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwatch.common.Hashing;
import io.peerwatch.common.RawRecord;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the archive keeps about one raw record besides its bytes: the SHA-256 of the bytes, their length and
 * where the record came from (topic/partition/offset or file/line, and the Kafka timestamp). One JSON object
 * per record, escaped to ASCII so it can live in a gzip header comment (ISO-8859-1, no NUL bytes).
 */
public record ArchiveMeta(String sha256, int length, String format, String sourceKind, String sourceName,
                          int partition, long offset, long line, long sourceTimestamp) {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    public static ArchiveMeta of(RawRecord r) {
        byte[] b = r.bytes == null ? new byte[0] : r.bytes;
        return new ArchiveMeta(Hashing.sha256Hex(b), b.length, r.format, r.sourceKind, r.sourceName, r.partition, r.offset,
                r.line, r.sourceTimestamp);
    }

    /** The record these coordinates describe, carrying {@code bytes}: the same coordinates the live job saw. */
    public RawRecord toRawRecord(byte[] bytes) {
        RawRecord r = new RawRecord();
        r.format = format;
        r.sourceKind = sourceKind;
        r.sourceName = sourceName;
        r.partition = partition;
        r.offset = offset;
        r.line = line;
        r.sourceTimestamp = sourceTimestamp;
        r.bytes = bytes;
        return r;
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("sha256", sha256);
        n.put("length", length);
        n.put("format", format);
        n.put("kind", sourceKind);
        n.put("source", sourceName);
        n.put("partition", partition);
        n.put("offset", offset);
        n.put("line", line);
        n.put("timestamp", sourceTimestamp);
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ArchiveMeta fromJson(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new ArchiveMeta(text(n, "sha256"), n.path("length").asInt(-1), text(n, "format"), text(n, "kind"),
                    text(n, "source"), n.path("partition").asInt(-1), n.path("offset").asLong(-1), n.path("line").asLong(-1),
                    n.path("timestamp").asLong());
        } catch (IOException e) {
            throw new ArchiveFormatException("bad archive metadata line: " + json, e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new ArchiveFormatException("archive metadata lacks '" + field + "'");
        return v.asText();
    }

    /** "topic[partition]@offset" or "path:line", as RawRecord prints coordinates. */
    public String coordinates() {
        return "kafka".equals(sourceKind) ? sourceName + "[" + partition + "]@" + offset : sourceName + ":" + line;
    }
}
