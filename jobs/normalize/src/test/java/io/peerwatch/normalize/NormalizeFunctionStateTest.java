package io.peerwatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.DeadLetter;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.NormalizedEvent;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/** Header lines seen before a checkpoint still give the meaning of data lines read after a restore. */
class NormalizeFunctionStateTest {
    private static final OutputTag<DeadLetter> DEAD = new OutputTag<>("dead", new AvroTypeInfo<>(DeadLetter.class));

    private static OneInputStreamOperatorTestHarness<RawRecord, NormalizedEvent> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new NormalizeFunction(NormalizeConfig.defaults(), DEAD)));
    }

    @Test
    void zeekTsvAndVpcHeadersSurviveARestoreFromACheckpoint() throws Exception {
        OperatorSubtaskState snapshot;
        try (OneInputStreamOperatorTestHarness<RawRecord, NormalizedEvent> h = harness()) {
            h.open();
            // a reordered Zeek header and a custom VPC header, each on its own Kafka partition
            h.processElement(new StreamRecord<>(Records.kafka(Formats.ZEEK_CONN, "raw.zeek-conn", 1, 10,
                    "#fields\tid.resp_h\tid.orig_h\tts\tid.orig_p\tid.resp_p\tproto")));
            h.processElement(new StreamRecord<>(Records.kafka(Formats.AWS_VPC_FLOW, "raw.aws-vpc-flow", 0, 5,
                    "dstaddr srcaddr end bytes")));
            assertThat(h.extractOutputValues()).isEmpty();
            snapshot = h.snapshot(1L, 1L);
        }
        try (OneInputStreamOperatorTestHarness<RawRecord, NormalizedEvent> h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(new StreamRecord<>(Records.kafka(Formats.ZEEK_CONN, "raw.zeek-conn", 1, 11,
                    "10.0.0.2\t10.0.0.1\t1793577630.5\t1\t2\tudp")));
            h.processElement(new StreamRecord<>(Records.kafka(Formats.AWS_VPC_FLOW, "raw.aws-vpc-flow", 0, 6,
                    "10.0.0.9 10.0.0.8 1793577690 7")));
            assertThat(h.getSideOutput(DEAD)).as("no dead letters after the restore").isNullOrEmpty();
            assertThat(h.extractOutputValues()).hasSize(2);
            NetworkFlow zeek = (NetworkFlow) h.extractOutputValues().get(0).getBody();
            assertThat(zeek.getSrcIp()).isEqualTo("10.0.0.1");
            assertThat(zeek.getDstIp()).isEqualTo("10.0.0.2");
            NetworkFlow vpc = (NetworkFlow) h.extractOutputValues().get(1).getBody();
            assertThat(vpc.getSrcIp()).isEqualTo("10.0.0.8");
            assertThat(vpc.getSrcBytes()).isEqualTo(7L);
        }
    }

    @Test
    void withoutTheCheckpointTheSameLinesAreDeadLettered() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, NormalizedEvent> h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(Records.kafka(Formats.AWS_VPC_FLOW, "raw.aws-vpc-flow", 0, 6,
                    "10.0.0.9 10.0.0.8 1793577690 7")));
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(DEAD)).hasSize(1);
        }
    }
}
