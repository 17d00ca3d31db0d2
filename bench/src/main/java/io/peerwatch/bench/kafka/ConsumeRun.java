package io.peerwatch.bench.kafka;

/**
 * One pass of a plain consumer over some topics.
 *
 * @param records records read
 * @param bytes value bytes read
 * @param seconds from the first poll to the last record
 * @param cpuSeconds CPU time of this JVM (consumer and the embedded broker serving it) during the pass
 */
public record ConsumeRun(long records, long bytes, double seconds, double cpuSeconds) {
    public double recordsPerSecond() {
        return records / Math.max(1e-9, seconds);
    }

    public double megabytesPerSecond() {
        return bytes / 1e6 / Math.max(1e-9, seconds);
    }
}
