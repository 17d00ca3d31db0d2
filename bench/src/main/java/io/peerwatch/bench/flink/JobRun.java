package io.peerwatch.bench.flink;

import io.peerwatch.bench.ProcessCpu;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A bounded job run and its timing. The clock starts when the job has been submitted (the local MiniCluster is
 * up) and stops when the job is FINISHED, which for exactly-once Kafka sinks means after the final checkpoint
 * committed their transactions: all output is visible to read_committed consumers then.
 *
 * <p>While the job runs, a progress count (records read, from the job's accumulators, which travel with the
 * 1-second heartbeats) is sampled, so the time can be split into start-up (submitted → first record read),
 * reading (first → last record read) and the tail (last record read → finished: flushing buffered state, the
 * final checkpoint and the transaction commits).
 *
 * @param seconds submitted to finished
 * @param startupSeconds starting the local MiniCluster and submitting (not in {@code seconds})
 * @param result accumulators (the normalize stage's per-format counts)
 * @param samples progress samples (empty without a progress function)
 * @param cpuSeconds CPU time of this JVM (job, broker, driver) from submitted to finished
 */
public record JobRun(double seconds, double startupSeconds, JobExecutionResult result, List<Sample> samples, double cpuSeconds) {

    /** Records read {@code seconds} after submission. */
    public record Sample(double seconds, long count) {}

    public static JobRun run(StreamExecutionEnvironment env, String name, ToLongFunction<Map<String, Object>> progress) throws Exception {
        return run(env, name, progress, null, null);
    }

    /**
     * Runs the job; if {@code collected} is given (a {@code collectAsync()} iterator created before), drains it
     * into {@code sink} while the job runs, as the cli does.
     */
    public static <T> JobRun run(StreamExecutionEnvironment env, String name, ToLongFunction<Map<String, Object>> progress,
                                 Iterator<T> collected, Consumer<T> sink) throws Exception {
        long t0 = System.nanoTime();
        JobClient client = env.executeAsync(name);
        long t1 = System.nanoTime();
        long cpu1 = ProcessCpu.nanos();
        List<Sample> samples = new ArrayList<>();
        Thread sampler = null;
        if (progress != null) {
            sampler = new Thread(() -> sample(client, progress, t1, samples), "bench-progress");
            sampler.setDaemon(true);
            sampler.start();
        }
        JobExecutionResult result;
        try {
            if (collected != null) {
                while (collected.hasNext()) sink.accept(collected.next());
            }
            result = client.getJobExecutionResult().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("benchmark job '" + name + "' failed: " + rootMessage(e), e);
        } finally {
            if (sampler != null) {
                sampler.interrupt();
                sampler.join(5_000);
            }
            if (collected instanceof AutoCloseable c) c.close();
        }
        long t2 = System.nanoTime();
        double cpu = ProcessCpu.seconds(cpu1, ProcessCpu.nanos());
        synchronized (samples) {
            return new JobRun((t2 - t1) / 1e9, (t1 - t0) / 1e9, result, List.copyOf(samples), cpu);
        }
    }

    private static void sample(JobClient client, ToLongFunction<Map<String, Object>> progress, long t1, List<Sample> samples) {
        // until the job ends (then this thread is interrupted); a busy machine may answer slowly or not at all
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Map<String, Object> acc = client.getAccumulators().get(5, TimeUnit.SECONDS);
                long n = progress.applyAsLong(acc);
                synchronized (samples) {
                    samples.add(new Sample((System.nanoTime() - t1) / 1e9, n));
                }
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                // no sample this time (slow answer, or the job just ended): try again
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Seconds from submission until a sample first showed a record read (NaN when unknown). */
    public double firstReadSeconds() {
        for (Sample s : samples) if (s.count() > 0) return s.seconds();
        return Double.NaN;
    }

    /** Seconds from submission until a sample first showed {@code total} records read (NaN when unknown). */
    public double allReadSeconds(long total) {
        for (Sample s : samples) if (s.count() >= total) return s.seconds();
        return Double.NaN;
    }

    /**
     * Records/s while reading: between the first sample past 10 % of {@code total} and the last sample below
     * 90 %, so start-up and the tail are left out (NaN when the run was too short for two such samples).
     */
    public double steadyRate(long total) {
        Sample a = null, b = null;
        for (Sample s : samples) {
            if (a == null && s.count() >= total / 10) a = s;
            if (s.count() <= total * 9 / 10) b = s;
        }
        if (a == null || b == null || b.seconds() - a.seconds() < 0.5 || b.count() <= a.count()) return Double.NaN;
        return (b.count() - a.count()) / (b.seconds() - a.seconds());
    }

    /**
     * "to first record read 1.2 s, reading 8.0 s (210,000 records/s between 10 % and 90 %), after the last record
     * read 2.1 s" from the samples. After the last record: buffered events processed when the final watermark
     * comes (bounded runs buffer until the end), the final checkpoint and the transaction commits.
     */
    public String breakdown(long total) {
        double first = firstReadSeconds(), all = allReadSeconds(total), steady = steadyRate(total);
        if (Double.isNaN(first)) return "no progress samples (accumulators arrive with the 1 s heartbeats)";
        String rate = Double.isNaN(steady) ? "" : String.format(java.util.Locale.ROOT, " (%,.0f records/s between 10 %% and 90 %%)", steady);
        if (Double.isNaN(all)) {
            Sample last = samples.get(samples.size() - 1);
            return String.format(java.util.Locale.ROOT, "to first record read %.1f s, reading at least %.1f s%s (%.0f %% read at the last sample),"
                    + " at most %.1f s after the last record read", first, last.seconds() - first, rate, 100.0 * last.count() / total,
                    seconds - last.seconds());
        }
        return String.format(java.util.Locale.ROOT, "to first record read %.1f s, reading %.1f s%s, after the last record read (flush, final checkpoint, commit) %.1f s",
                first, all - first, rate, seconds - all);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
