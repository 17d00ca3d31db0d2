package io.peerwatch.cli.run;

import io.peerwatch.common.RawRecord;
import io.peerwatch.schema.NormalizedEvent;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Accumulators the command line adds to a run for its progress line: file records and bytes read (to estimate the
 * total from the input size) and the latest event time seen. Record counts come from the normalize stage's own
 * accumulators ({@link io.peerwatch.normalize.NormalizeCounts}). Pass-through maps, chained to their input.
 */
public final class RunAccumulators {
    public static final String RAW_BYTES = "peerwatch.cli|file-bytes";
    public static final String FILE_RECORDS = "peerwatch.cli|file-records";
    public static final String EVENT_TIME_MAX = "peerwatch.cli|event-time-max";

    private RunAccumulators() {}

    public static long rawBytes(Map<String, Object> acc) {
        return acc.get(RAW_BYTES) instanceof Number n ? n.longValue() : 0;
    }

    public static long fileRecords(Map<String, Object> acc) {
        return acc.get(FILE_RECORDS) instanceof Number n ? n.longValue() : 0;
    }

    public static long eventTimeMax(Map<String, Object> acc) {
        // LongMaximum starts at Long.MIN_VALUE: no event yet
        return acc.get(EVENT_TIME_MAX) instanceof Number n ? n.longValue() : Long.MIN_VALUE;
    }

    /** Counts file records and their bytes (+1 per record for its line end, as in the file). */
    public static final class CountFileRecords extends RichMapFunction<RawRecord, RawRecord> {
        private static final long serialVersionUID = 1L;
        private transient LongCounter bytes;
        private transient LongCounter records;

        @Override
        public void open(OpenContext openContext) {
            bytes = new LongCounter();
            records = new LongCounter();
            getRuntimeContext().addAccumulator(RAW_BYTES, bytes);
            getRuntimeContext().addAccumulator(FILE_RECORDS, records);
        }

        @Override
        public RawRecord map(RawRecord r) {
            bytes.add((r.bytes == null ? 0 : r.bytes.length) + 1L);
            records.add(1L);
            return r;
        }
    }

    /** Tracks the latest event time of normalized events. */
    public static final class TrackEventTime extends RichMapFunction<NormalizedEvent, NormalizedEvent> {
        private static final long serialVersionUID = 1L;
        private transient LongMaximum max;

        @Override
        public void open(OpenContext openContext) {
            max = new LongMaximum();
            getRuntimeContext().addAccumulator(EVENT_TIME_MAX, max);
        }

        @Override
        public NormalizedEvent map(NormalizedEvent e) {
            max.add(e.getEventTime());
            return e;
        }
    }
}
