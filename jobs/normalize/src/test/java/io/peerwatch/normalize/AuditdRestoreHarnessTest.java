package io.peerwatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.DeadLetter;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.ProcessStart;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * The normalize operator at parallelism 2, checkpointed while each subtask holds an open auditd event and
 * restored from its union operator state as Flink does: every subtask receives both snapshots, each event is
 * emitted once, by the subtask that held it, with the id of an uninterrupted run.
 */
class AuditdRestoreHarnessTest {
    private static final OutputTag<DeadLetter> DEAD = new OutputTag<>("dead", new AvroTypeInfo<>(DeadLetter.class));
    private static final int MAX_PARALLELISM = 128;
    private static final String TOPIC = "raw.auditd";

    private static OneInputStreamOperatorTestHarness<RawRecord, NormalizedEvent> subtask(int index) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(NormalizeOperator.of(NormalizeConfig.defaults(), DEAD),
                MAX_PARALLELISM, 2, index);
    }

    /** SYSCALL + EXECVE of an execve event on one Kafka partition; offsets from 0. */
    private static List<RawRecord> eventStart(int partition, int serial, String image) {
        String name = image.substring(image.lastIndexOf('/') + 1);
        return List.of(Records.kafka(Formats.AUDITD, TOPIC, partition, 0,
                        "type=SYSCALL msg=audit(1793611400.000:" + serial + "): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=" + serial + " uid=0 exe=\"" + image + "\""),
                Records.kafka(Formats.AUDITD, TOPIC, partition, 1,
                        "type=EXECVE msg=audit(1793611400.000:" + serial + "): argc=1 a0=\"" + name + "\""));
    }

    private static RawRecord proctitle(int partition, int serial, String name) {
        return Records.kafka(Formats.AUDITD, TOPIC, partition, 2,
                "type=PROCTITLE msg=audit(1793611400.000:" + serial + "): proctitle=\"" + name + "\"");
    }

    @Test
    void eachOpenEventIsEmittedOnceByTheSubtaskThatHeldItAfterAUnionStateRestore() throws Exception {
        List<List<RawRecord>> partitions = List.of(eventStart(0, 500, "/usr/bin/rtorrent"), eventStart(1, 700, "/usr/bin/aria2c"));
        OperatorSubtaskState[] snapshots = new OperatorSubtaskState[2];
        for (int i = 0; i < 2; i++) {
            try (OneInputStreamOperatorTestHarness<RawRecord, NormalizedEvent> h = subtask(i)) {
                h.open();
                for (RawRecord r : partitions.get(i)) h.processElement(new StreamRecord<>(r));
                assertThat(h.extractOutputValues()).as("nothing complete yet").isEmpty();
                snapshots[i] = h.snapshot(1L, 1L);
            }
        }
        // the uninterrupted run of partition 0 completes its event; of partition 1, ends inside it
        String rtorrentId;
        String aria2cId;
        try (OneInputStreamOperatorTestHarness<RawRecord, NormalizedEvent> h = subtask(0)) {
            h.open();
            for (RawRecord r : partitions.get(0)) h.processElement(new StreamRecord<>(r));
            h.processElement(new StreamRecord<>(proctitle(0, 500, "rtorrent")));
            for (RawRecord r : partitions.get(1)) h.processElement(new StreamRecord<>(r));
            h.endInput();
            List<NormalizedEvent> out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            rtorrentId = out.get(0).getEventId();
            aria2cId = out.get(1).getEventId();
        }

        OperatorSubtaskState union = AbstractStreamOperatorTestHarness.repackageState(snapshots);
        List<NormalizedEvent> emitted = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (OneInputStreamOperatorTestHarness<RawRecord, NormalizedEvent> h = subtask(i)) {
                h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(union, MAX_PARALLELISM, 2, 2, i));
                h.open();
                // subtask 0 reads the rest of partition 0; partition 1 has nothing more
                if (i == 0) h.processElement(new StreamRecord<>(proctitle(0, 500, "rtorrent")));
                h.endInput();
                emitted.addAll(h.extractOutputValues());
                assertThat(h.getSideOutput(DEAD)).isNullOrEmpty();
            }
        }
        assertThat(emitted).extracting(e -> ((ProcessStart) e.getBody()).getImage())
                .containsExactly("/usr/bin/rtorrent", "/usr/bin/aria2c");
        assertThat(emitted).extracting(NormalizedEvent::getEventId).containsExactly(rtorrentId, aria2cId);
    }
}
