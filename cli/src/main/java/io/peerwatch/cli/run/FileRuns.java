package io.peerwatch.cli.run;

import io.peerwatch.cli.Failures.UsageException;
import io.peerwatch.cli.output.Progress;
import io.peerwatch.common.RawRecord;
import io.peerwatch.common.io.FileRecordReader;
import io.peerwatch.common.io.InputSpec;
import io.peerwatch.normalize.NormalizeCounts;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The file side of bounded runs: raw records from --input archives, and a progress reading. */
public final class FileRuns {
    private FileRuns() {}

    /** Every record of every input file, counted for progress. */
    public static DataStream<RawRecord> raw(StreamExecutionEnvironment env, List<InputSpec> inputs, int maxRecordBytes) {
        DataStream<RawRecord> files;
        try {
            files = FileRecordReader.source(env, inputs, maxRecordBytes);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--input: " + e.getMessage(), e);
        }
        return files.map(new RunAccumulators.CountFileRecords()).name("progress: file records").uid("cli-progress-file-records");
    }

    /**
     * Progress of a run: records read (the normalize stage's own accounting), an estimated total and the
     * latest event time. The total of file inputs is extrapolated from the bytes read so far against their
     * estimated size; Kafka ranges add their exact record count.
     *
     * @param fileBytes estimated uncompressed bytes of the file inputs (0 when none)
     * @param kafkaRecords records in the Kafka ranges to read (0 when none)
     */
    public static Supplier<Progress> progress(JobHandle job, long fileBytes, long kafkaRecords,
                                              Function<Map<String, Object>, String> detail) {
        return () -> {
            Map<String, Object> acc = job.accumulatorsNow();
            long read = NormalizeCounts.fromAccumulators(acc).total().read();
            long bytes = RunAccumulators.rawBytes(acc);
            long fileRecords = RunAccumulators.fileRecords(acc);
            long estimate;
            if (fileBytes > 0) {
                estimate = bytes > 0 ? (long) ((double) fileRecords * fileBytes / bytes) : -1;
            } else {
                estimate = 0;
            }
            if (estimate >= 0) estimate = Math.max(estimate + kafkaRecords, read);
            if (estimate == 0) estimate = -1;
            return new Progress(read, estimate, RunAccumulators.eventTimeMax(acc), detail == null ? "" : detail.apply(acc));
        };
    }
}
