package io.peerwatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/** The live job's graph builds and serializes (closures, sinks) without a broker; the Kafka end-to-end test is in cli. */
class NormalizeJobTest {

    @Test
    void jobGraphHasSourcePipelineAndThreeExactlyOnceSinksWithCheckpointing() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        NormalizeJob.defineJob(env, NormalizeJobConfig.builder("127.0.0.1:1").topicPrefix("t1")
                .formats(List.of(Formats.ZEEK_CONN, Formats.AWS_VPC_FLOW)).build());
        assertThat(env.getCheckpointConfig().isCheckpointingEnabled()).isTrue();
        StreamGraph graph = env.getStreamGraph();
        JobGraph job = graph.getJobGraph(); // serializes every operator: fails on a non-serializable closure
        List<String> names = StreamSupport.stream(job.getVertices().spliterator(), false).map(JobVertex::getName).toList();
        String all = String.join(" | ", names);
        assertThat(all).contains("raw log topics").contains("normalize: guard + parse")
                .contains("t1.normalized").contains("t1.deadletter").contains("t1.late");
        // watermarks come from the source and pass through: time stamping, late routing and ordering run chained to
        // it, and so does the writer of the normalized topic (one writer per partition, in the subtask's order)
        assertThat(names).anySatisfy(n -> assertThat(n).contains("raw log topics")
                .contains("normalize: event time, late, order").contains("t1.normalized: Writer"));
    }
}
