package io.peerwatch.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.functions.source.legacy.RichSourceFunction;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A local run with checkpoints (demo, backfill with Kafka output) must checkpoint task state above the 5 MB that
 * Flink's default JobManager (memory) checkpoint storage accepts. Deliberately outside a MiniClusterExtension: the
 * environment under test is LocalFlink's own local one, not a test cluster's.
 */
class LocalFlinkCheckpointStorageTest {
    static final int RECORDS = 8;
    static final int BYTES_PER_RECORD = 1 << 20;
    /** Above the 5 MB (5 MiB) limit of the memory-backed storage, with margin. */
    static final long LARGE = 6L << 20;

    // the job runs in this JVM (a MiniCluster): its functions report here
    /** Checkpoint id -> bytes the stateful operator held in keyed state when it snapshotted. */
    static final Map<Long, Long> SNAPSHOTTED = new ConcurrentHashMap<>();
    /** Id of a completed checkpoint that took the large state, -1 before. */
    static final AtomicLong LARGE_CHECKPOINT_COMPLETED = new AtomicLong(-1);

    @BeforeEach
    void reset() {
        SNAPSHOTTED.clear();
        LARGE_CHECKPOINT_COMPLETED.set(-1);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aLocalRunCheckpointsTaskStateAboveFiveMegabytes() throws Exception {
        StreamExecutionEnvironment env = LocalFlink.environment(1, Duration.ofMillis(200));
        assertThat(env).as("LocalFlink's own local environment, no test cluster's").isInstanceOf(LocalStreamEnvironment.class);

        env.addSource(new EmitThenAwaitLargeCheckpoint(), "keys", Types.INT)
                .keyBy(k -> k)
                .process(new HoldAMegabytePerKey())
                .sinkTo(new DiscardingSink<>());

        JobClient job = env.executeAsync("checkpoint storage: state above 5 MB");
        try {
            // without file storage the large checkpoint fails the job (after its restarts): this throws with the cause
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            job.cancel();
            throw e;
        }

        long id = LARGE_CHECKPOINT_COMPLETED.get();
        assertThat(id).as("a checkpoint with the large state completed").isPositive();
        assertThat(SNAPSHOTTED.get(id)).as("state bytes in checkpoint %d", id).isGreaterThan(LARGE);
    }

    /**
     * Emits the keys, then stays running until a checkpoint with the whole state completed: the barrier of any
     * checkpoint triggered after the emission follows all keys, so the operator downstream snapshots all its state.
     */
    static final class EmitThenAwaitLargeCheckpoint extends RichSourceFunction<Integer> {
        private volatile boolean running = true;

        @Override
        public void run(SourceContext<Integer> ctx) throws Exception {
            synchronized (ctx.getCheckpointLock()) {
                for (int k = 0; k < RECORDS; k++) {
                    ctx.collect(k);
                }
            }
            while (running && LARGE_CHECKPOINT_COMPLETED.get() < 0) {
                Thread.sleep(10);
            }
        }

        @Override
        public void cancel() {
            running = false;
        }
    }

    /** Holds 1 MiB of incompressible bytes per key in keyed state (all keys in one task at parallelism 1). */
    static final class HoldAMegabytePerKey extends KeyedProcessFunction<Integer, Integer, Integer>
            implements CheckpointedFunction, CheckpointListener {
        private transient ValueState<byte[]> bytes;
        private transient long held;

        @Override
        public void open(OpenContext openContext) {
            bytes = getRuntimeContext().getState(new ValueStateDescriptor<>("bytes", byte[].class));
        }

        @Override
        public void processElement(Integer key, Context ctx, Collector<Integer> out) throws Exception {
            byte[] b = new byte[BYTES_PER_RECORD];
            new Random(key).nextBytes(b);
            bytes.update(b);
            held += b.length;
            out.collect(key);
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            // a restore (after a failed attempt) starts over: count only what this attempt put in
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            SNAPSHOTTED.put(context.getCheckpointId(), held);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            Long snapshotted = SNAPSHOTTED.get(checkpointId);
            if (snapshotted != null && snapshotted > LARGE) {
                LARGE_CHECKPOINT_COMPLETED.compareAndSet(-1, checkpointId);
            }
        }
    }
}
