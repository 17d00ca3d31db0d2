package io.peerwatch.cli.output;

/**
 * A progress reading of a running job.
 *
 * @param recordsRead raw records read so far
 * @param estimatedTotal estimated records in total, or -1 when unknown
 * @param eventTime latest event time seen (epoch millis), or Long.MIN_VALUE when none yet
 * @param detail extra text for the end of the line (e.g. "3 incidents"), may be empty
 */
public record Progress(long recordsRead, long estimatedTotal, long eventTime, String detail) {
    public static final Progress NONE = new Progress(0, -1, Long.MIN_VALUE, "");
}
