package io.peerwatch.bench.flink;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** A local Flink environment (a MiniCluster in this JVM, started per job) for a benchmark job. */
public final class LocalEnv {
    private LocalEnv() {}

    /**
     * @param checkpointDir checkpoints go to files here, as on a cluster: the default JobManager (memory) storage
     *     refuses task state above 5 MB, which the detect job's identity state exceeds at 10k VMs
     */
    public static StreamExecutionEnvironment create(int parallelism, Path checkpointDir) {
        Configuration conf = new Configuration();
        // a benchmark must fail with its cause, not restart and report an inflated time
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        // accumulators (progress samples) travel with the heartbeats: every second instead of every 10 s
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(60));
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toAbsolutePath().toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }
}
