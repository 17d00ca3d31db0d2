package io.peerwatch.common.kafka;

import java.util.Arrays;
import org.apache.kafka.common.utils.Utils;

/**
 * Gives each sink subtask partitions of its own: of the topic's partitions (sorted), subtask {@code i} of {@code n}
 * writes those at positions {@code i, i+n, i+2n, ...}, and among them picks by the murmur2 hash of the key (as Kafka's
 * default partitioner does). A subtask that writes in event-time order thus leaves every partition it owns in
 * event-time order, which is what lets a reader derive watermarks per partition.
 *
 * <p>Needs at least as many partitions as writers; with fewer, writers share partitions (subtask {@code i} writes
 * position {@code i mod partitions}) and the order of a shared partition is no longer guaranteed:
 * {@link #shared} says when that is the case, so the sink can warn.
 */
public final class WriterPartitions {
    private WriterPartitions() {}

    /** The partition subtask {@code subtask} of {@code subtasks} writes a record with key {@code key} to. */
    public static int choose(byte[] key, int subtask, int subtasks, int[] partitions) {
        if (partitions.length == 0) throw new IllegalStateException("topic has no partitions");
        // called per record: the sink context hands out its cached (normally ascending) array, so sort a copy only
        // when it is not in order
        int[] sorted = isAscending(partitions) ? partitions : sortedCopy(partitions);
        if (sorted.length < subtasks) return sorted[subtask % sorted.length];
        int owned = (sorted.length - subtask + subtasks - 1) / subtasks; // positions subtask, subtask + n, ... < length
        int pick = key == null ? 0 : Utils.toPositive(Utils.murmur2(key)) % owned;
        return sorted[subtask + pick * subtasks];
    }

    private static boolean isAscending(int[] a) {
        for (int i = 1; i < a.length; i++) if (a[i - 1] > a[i]) return false;
        return true;
    }

    private static int[] sortedCopy(int[] a) {
        int[] copy = a.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** True when there are fewer partitions than writers, so some partition has more than one writer. */
    public static boolean shared(int subtasks, int[] partitions) {
        return partitions.length < subtasks;
    }
}
