package io.peerwatch.cli.cluster;

import io.peerwatch.cli.Peerwatch;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry class for a backfill on a Flink cluster (k8s/backfill, application mode): runs {@code peerwatch backfill
 * ARGS} in the JobManager, where the job's environment is the cluster's. Unlike {@link Peerwatch#main} it never
 * calls System.exit, which would kill the JobManager; a failed backfill ends the application with an exception
 * instead, so the operator reports it as failed.
 */
public final class ClusterBackfill {
    private ClusterBackfill() {}

    public static void main(String[] args) {
        List<String> all = new ArrayList<>();
        all.add("backfill");
        all.addAll(List.of(args));
        int code = Peerwatch.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), all.toArray(String[]::new));
        if (code != Peerwatch.OK) throw new IllegalStateException("peerwatch backfill failed with exit code " + code + " (see the log above)");
    }
}
