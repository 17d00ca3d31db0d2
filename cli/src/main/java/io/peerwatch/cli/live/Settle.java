package io.peerwatch.cli.live;

import io.peerwatch.cli.run.JobHandle;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * When the live jobs have given every result they can for the data shipped so far: normalize has read and
 * committed every shipped record, and detect's committed position on the normalized topic and the committed
 * incidents stopped moving for a quiet period (a few checkpoints). The normalized topic is written in
 * transactions whose commit markers take offsets a consumer never commits past, so "detect's lag is zero" is
 * not the test; "nothing moves any more" is.
 */
public final class Settle {
    private Settle() {}

    /** The outcome: settled, or why not. */
    public record Result(boolean settled, String reason) {}

    /** @return settled, or not when the job ended or the timeout passed first (with the reason) */
    public static Result await(JobHandle job, LiveJobs jobs, GroupLag lag, LongSupplier shipped, LongSupplier incidentRevisions,
                                Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastChange = System.nanoTime();
        String lastState = "";
        List<String> rawTopics = jobs.formats().stream().map(jobs.topics()::raw).toList();
        while (System.nanoTime() < deadline) {
            var status = job.status();
            if (status.isGloballyTerminalState()) {
                String cause = job.failureCause();
                return new Result(false, "the job ended: " + status + (cause == null ? "" : " (" + cause + ")"));
            }
            // committed offsets, not the run's counters: those restart from the checkpoint after a failover
            boolean normalized = lag.committed(jobs.normalizeGroup(), rawTopics) >= shipped.getAsLong()
                    && lag.lag(jobs.normalizeGroup(), rawTopics) == 0;
            String state = normalized + "/" + lag.lag(jobs.detectGroup(), List.of(jobs.topics().normalized())) + "/"
                    + incidentRevisions.getAsLong();
            if (!normalized || !state.equals(lastState)) {
                lastState = state;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange >= quiet.toNanos()) {
                return new Result(true, "settled");
            }
            Thread.sleep(250);
        }
        return new Result(false, "not settled after " + timeout + " (normalized/detect lag/incidents: " + lastState + ")");
    }
}
