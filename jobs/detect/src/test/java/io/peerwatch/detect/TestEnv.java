package io.peerwatch.detect;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** A test environment on the MiniCluster with Kryo disabled, so a silent fallback to generic types fails loudly. */
public final class TestEnv {
    private TestEnv() {}

    public static StreamExecutionEnvironment create(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }
}
