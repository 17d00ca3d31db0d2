package io.peerwatch.cli.run;

import io.peerwatch.cli.Failures.CommandFailure;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A submitted job: live accumulators for progress, the final result, and cancellation that waits for a
 * terminal status (so the broker or MiniCluster is never stopped under a running job). A JVM shutdown
 * (Ctrl-C) cancels the job.
 */
public final class JobHandle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobHandle.class);

    private final String name;
    private final JobClient client;
    private final Thread cancelOnShutdown;
    private volatile boolean finished;

    private JobHandle(String name, JobClient client) {
        this.name = name;
        this.client = client;
        this.cancelOnShutdown = new Thread(() -> {
            if (!finished) cancelAndWait(Duration.ofSeconds(20));
        }, "peerwatch-cancel-" + name);
        Runtime.getRuntime().addShutdownHook(cancelOnShutdown);
    }

    /** Submits the job defined in {@code env} (collect iterators must be created before this). */
    public static JobHandle submit(StreamExecutionEnvironment env, String name) {
        try {
            return new JobHandle(name, env.executeAsync(name));
        } catch (Exception e) {
            throw new CommandFailure("could not start the Flink job '" + name + "': " + rootMessage(e), e);
        }
    }

    public JobClient client() {
        return client;
    }

    /** Current accumulator values (for progress); empty when the job cannot answer right now. */
    public Map<String, Object> accumulatorsNow() {
        try {
            return client.getAccumulators().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("no accumulators for {} right now", name, e);
            return Map.of();
        }
    }

    public JobStatus status() {
        try {
            return client.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JobStatus.RUNNING;
        } catch (ExecutionException | TimeoutException e) {
            // a finished job of a per-job MiniCluster may be gone already
            return finished ? JobStatus.FINISHED : JobStatus.RUNNING;
        }
    }

    /** Waits for the end of a bounded job; a failed job becomes a CommandFailure with its root cause. */
    public JobExecutionResult awaitResult() {
        try {
            JobExecutionResult r = client.getJobExecutionResult().get();
            finished = true;
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelAndWait(Duration.ofSeconds(20));
            throw new CommandFailure("interrupted; job '" + name + "' cancelled", e);
        } catch (ExecutionException e) {
            finished = true;
            throw new CommandFailure("the Flink job '" + name + "' failed: " + rootMessage(e), e);
        }
    }

    /** Why a job that ended failed (its root cause), or null when it did not fail or is still running. */
    public String failureCause() {
        try {
            client.getJobExecutionResult().get(5, TimeUnit.SECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return rootMessage(e);
        } catch (TimeoutException | RuntimeException e) {
            return null;
        }
    }

    /** Cancels and waits until the job reached a terminal status (or the timeout passed). */
    public void cancelAndWait(Duration timeout) {
        if (finished) return;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            client.cancel().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // e.g. the per-job MiniCluster already stopped because the job ended
            LOG.debug("cancel of {} did not complete cleanly", name, e);
        }
        while (System.nanoTime() < deadline) {
            JobStatus s;
            try {
                s = client.getJobStatus().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                break; // the cluster no longer knows the job: it is gone
            }
            if (s.isGloballyTerminalState()) break;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        finished = true;
    }

    public static String rootMessage(Throwable t) {
        Throwable root = t;
        String best = t.getMessage();
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root.getMessage() != null) best = root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        return best == null ? t.getClass().getSimpleName() : best;
    }

    /** Cancels a job that is still running and removes the shutdown hook. */
    @Override
    public void close() {
        try {
            if (!finished) cancelAndWait(Duration.ofSeconds(30));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnShutdown);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already shutting down: the hook runs anyway
            }
        }
    }
}
