package io.peerwatch.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WriterPartitionsTest {

    private static byte[] key(int i) {
        return ("event-" + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyPartitionHasExactlyOneWriterAndEveryPartitionIsUsed() {
        int[] partitions = {4, 0, 3, 1, 2, 6, 5}; // 7 partitions, listed out of order, for 3 writers
        Map<Integer, Integer> writerOf = new HashMap<>();
        for (int subtask = 0; subtask < 3; subtask++) {
            for (int i = 0; i < 2_000; i++) {
                int p = WriterPartitions.choose(key(i), subtask, 3, partitions);
                Integer before = writerOf.putIfAbsent(p, subtask);
                assertThat(before == null || before == subtask).as("partition %d written by %d and %d", p, before, subtask).isTrue();
            }
        }
        assertThat(writerOf.keySet()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
        assertThat(writerOf).containsEntry(0, 0).containsEntry(3, 0).containsEntry(6, 0).containsEntry(1, 1).containsEntry(2, 2);
        assertThat(WriterPartitions.shared(3, partitions)).isFalse();
    }

    @Test
    void theSameKeyGoesToTheSamePartitionAndANullKeyIsAllowed() {
        int[] partitions = {0, 1, 2, 3};
        assertThat(WriterPartitions.choose(key(42), 1, 2, partitions)).isEqualTo(WriterPartitions.choose(key(42), 1, 2, partitions));
        assertThat(WriterPartitions.choose(null, 1, 2, partitions)).isIn(1, 3);
    }

    @Test
    void withFewerPartitionsThanWritersWritersShareAndThatIsReported() {
        int[] partitions = {0, 1};
        Set<Integer> used = new HashSet<>();
        for (int subtask = 0; subtask < 3; subtask++) used.add(WriterPartitions.choose(key(1), subtask, 3, partitions));
        assertThat(used).containsExactlyInAnyOrder(0, 1);
        assertThat(WriterPartitions.shared(3, partitions)).isTrue();
    }
}
