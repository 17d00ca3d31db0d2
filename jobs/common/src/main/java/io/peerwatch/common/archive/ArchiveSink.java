package io.peerwatch.common.archive;

import io.peerwatch.common.RawRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * Long-term retention of raw records: a Flink FileSink that writes every raw record, unchanged, with its SHA-256
 * and source coordinates into date-partitioned gzip files ({@link ArchiveLayout}, {@link ArchiveGzipWriter}) at
 * a local path or any Flink file system URI ({@code s3://bucket/peerwatch-archive} with the S3 plugin). Files
 * become visible when the checkpoint that covers them completes (exactly once: no partial or duplicate files
 * after a failure), so checkpointing must be on.
 */
public final class ArchiveSink {
    public static final String UID = "raw-archive-sink";
    public static final String COUNT_UID = "raw-archive-count";
    /** Records per gzip member: the metadata of a member must fit comfortably in memory. */
    public static final int MEMBER_RECORDS = 1000;
    public static final int MEMBER_BYTES = 1 << 20;

    private ArchiveSink() {}

    public static FileSink<RawRecord> fileSink(String baseUri) {
        return FileSink.forBulkFormat(new Path(baseUri), new ArchiveGzipWriter.Factory(MEMBER_RECORDS, MEMBER_BYTES))
                .withBucketAssigner(new LayoutBucketAssigner())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".gz").build())
                .build();
    }

    /** Counts archived records per format (Flink metrics) and writes them to {@code baseUri}. */
    public static DataStreamSink<RawRecord> attach(DataStream<RawRecord> raw, String baseUri) {
        return raw.map(new CountArchived()).name("count archived records").uid(COUNT_UID)
                .sinkTo(fileSink(baseUri)).name("raw archive").uid(UID);
    }

    /** Buckets by {@link ArchiveLayout#bucket(RawRecord)}: only the record decides, never processing time. */
    static final class LayoutBucketAssigner implements BucketAssigner<RawRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getBucketId(RawRecord r, Context context) {
            return ArchiveLayout.bucket(r);
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }

    /**
     * Metrics {@code archivedRecords} and {@code archivedUnsplittable} (line-format records kept whole) per
     * format, in the operator's metric group under {@code format=<FORMAT>}.
     */
    static final class CountArchived extends RichMapFunction<RawRecord, RawRecord> {
        private static final long serialVersionUID = 1L;
        private transient Map<String, Counter> archived;
        private transient Map<String, Counter> unsplittable;

        @Override
        public void open(OpenContext ctx) {
            archived = new HashMap<>();
            unsplittable = new HashMap<>();
        }

        @Override
        public RawRecord map(RawRecord r) {
            archived.computeIfAbsent(r.format, f -> getRuntimeContext().getMetricGroup().addGroup("format", f)
                    .counter("archivedRecords")).inc();
            if (!io.peerwatch.common.Formats.WHOLE_FILE.contains(r.format) && !ArchiveLayout.isLineSafe(r.bytes)) {
                unsplittable.computeIfAbsent(r.format, f -> getRuntimeContext().getMetricGroup().addGroup("format", f)
                        .counter("archivedUnsplittable")).inc();
            }
            return r;
        }
    }
}
