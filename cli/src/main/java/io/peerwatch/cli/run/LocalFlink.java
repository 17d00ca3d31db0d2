package io.peerwatch.cli.run;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink environment of a command. Outside a cluster this is a local MiniCluster in this JVM; inside tests
 * with a MiniClusterExtension (or under {@code flink run}) it is that cluster's environment.
 */
public final class LocalFlink {
    private LocalFlink() {}

    /**
     * @param checkpointInterval null for runs without Kafka sinks (files out): nothing to commit, and a
     *     collected result is then handed to the client at once instead of after each checkpoint
     */
    public static StreamExecutionEnvironment environment(int parallelism, Duration checkpointInterval) {
        return environment(parallelism, checkpointInterval, 2);
    }

    /** @param restartAttempts how often a failed job restarts (from its last checkpoint) before the command fails */
    public static StreamExecutionEnvironment environment(int parallelism, Duration checkpointInterval, int restartAttempts) {
        Configuration conf = new Configuration();
        // accumulators (progress, counts) travel with the heartbeats: every second instead of every 10 s
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(60));
        // a command should fail with the cause, not restart forever (the default with checkpointing)
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restartAttempts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // a test or cluster context may hand out an environment of its own: apply the job settings to it too
        env.configure(conf, LocalFlink.class.getClassLoader());
        env.setParallelism(parallelism);
        if (checkpointInterval != null) {
            env.enableCheckpointing(checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
        return env;
    }
}
