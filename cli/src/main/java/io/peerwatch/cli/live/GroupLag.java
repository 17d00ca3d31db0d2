package io.peerwatch.cli.live;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a job's consumer group is behind: the last stable offsets of its topics minus the offsets the
 * job committed with its last completed checkpoint. Zero means everything read so far is also committed
 * downstream (the sinks commit in the same checkpoint). -1 when the broker cannot say right now.
 */
public final class GroupLag {
    private final Admin admin;

    public GroupLag(Admin admin) {
        this.admin = admin;
    }

    /** Sum of the group's committed offsets over the topics' partitions (records consumed, for non-transactional topics). */
    public long committed(String group, List<String> topics) {
        try {
            long sum = 0;
            for (var e : admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS).entrySet()) {
                if (e.getValue() != null && topics.contains(e.getKey().topic())) sum += e.getValue().offset();
            }
            return sum;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        }
    }

    public long lag(String group, List<String> topics) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> query = new HashMap<>();
            for (var d : admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values()) {
                for (var p : d.partitions()) query.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(query, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                long end = e.getValue().offset();
                lag += Math.max(0, end - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        }
    }
}
