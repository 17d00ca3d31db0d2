package io.peerwatch.cli.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink environment of a command. Outside a cluster this is a local MiniCluster in this JVM; inside tests
 * with a MiniClusterExtension (or under {@code flink run}) it is that cluster's environment.
 */
public final class LocalFlink {
    private LocalFlink() {}

    /** Checkpoints of this JVM's local runs (one subdirectory per job); created on first use, deleted at exit. */
    private static Path checkpointDirectory;

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
            // Flink's default checkpoint storage keeps checkpoints in the JobManager's memory and refuses any task
            // state above 5 MB ("Size of the state is larger than the maximum permitted memory-backed state"),
            // failing the job: the detect job's identity state passes that per task at 10k VMs, and a bounded
            // backfill with Kafka output buffers its whole input in state. So a local run checkpoints to files,
            // as on a cluster. Only our own MiniCluster though: a cluster's or a test's environment (and any
            // storage configured explicitly) keeps its configuration.
            if (env instanceof LocalStreamEnvironment && !checkpointStorageConfigured(env.getConfiguration())) {
                Configuration storage = new Configuration();
                storage.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                storage.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDirectory().toUri().toString());
                env.configure(storage, LocalFlink.class.getClassLoader());
            }
        }
        return env;
    }

    private static boolean checkpointStorageConfigured(ReadableConfig config) {
        return config.getOptional(CheckpointingOptions.CHECKPOINT_STORAGE).isPresent()
                || config.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isPresent();
    }

    /** A fresh temporary directory for this JVM's local checkpoints, deleted (only it) when the JVM exits. */
    private static synchronized Path checkpointDirectory() {
        if (checkpointDirectory == null) {
            Path dir;
            try {
                dir = Files.createTempDirectory("peerwatch-checkpoints-").toAbsolutePath();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for the local checkpoints", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "peerwatch-checkpoints-cleanup"));
            checkpointDirectory = dir;
        }
        return checkpointDirectory;
    }

    /**
     * Deletes {@code dir} and what is in it, best effort: a job being cancelled by another shutdown hook may still
     * write a checkpoint file meanwhile, hence a few passes. Symbolic links are deleted, never followed.
     */
    private static void deleteTree(Path dir) {
        for (int pass = 0; pass < 5 && Files.exists(dir); pass++) {
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(dir)) {
                paths = walk.sorted(Comparator.reverseOrder()).toList();
            } catch (IOException | UncheckedIOException e) {
                paths = List.of();
            }
            for (Path p : paths) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // not empty yet (written to meanwhile) or gone: the next pass retries
                }
            }
            if (Files.exists(dir)) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
