package io.peerwatch.common.io;

import io.peerwatch.common.RawRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * Bounded source of raw records from log archives: the file list is the (small) collection, each subtask
 * streams the files it is given. Used by backfill, normalize and attribute over files.
 */
public final class FileRecordReader implements FlatMapFunction<FileSpec, RawRecord> {
    private static final long serialVersionUID = 1L;
    private final int maxRecordBytes;

    public FileRecordReader(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void flatMap(FileSpec spec, Collector<RawRecord> out) throws Exception {
        RawFiles.read(spec.format, Path.of(spec.path), maxRecordBytes, out::collect);
    }

    /** Every file of every input, as one bounded stream of raw records. */
    public static DataStream<RawRecord> source(StreamExecutionEnvironment env, List<InputSpec> inputs, int maxRecordBytes) {
        List<FileSpec> files = new ArrayList<>();
        for (InputSpec in : inputs) {
            for (Path f : RawFiles.list(in.path())) files.add(new FileSpec(in.format(), f.toString()));
        }
        if (files.isEmpty()) throw new IllegalArgumentException("no files found in the given --input paths");
        return env.fromData(files, TypeInformation.of(FileSpec.class)).name("log files")
                .rebalance()
                .flatMap(new FileRecordReader(maxRecordBytes)).name("read log records").uid("read-log-records")
                .returns(RawRecord.class);
    }
}
