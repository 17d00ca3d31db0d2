package io.peerwatch.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.cli.cluster.FailoverProof;
import io.peerwatch.deploy.manifests.Manifests;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failover proof on a real standalone cluster (a JobManager, TaskManagers and a Kafka broker as separate JVMs):
 * the demo scenario streamed through normalize + detect twice, the second time with a TaskManager SIGKILLed
 * mid-run (a new one started) and the broker restarted once. Takes several minutes: tagged "cluster", run with
 * {@code mvn -B -pl deploy verify -Pcluster} (or {@code bin/peerwatch cluster failover-test}).
 */
@Tag("cluster")
class FailoverTest {
    @TempDir
    Path work;

    @Test
    void committedIncidentsAfterATaskManagerKillAndABrokerRestartEqualThoseOfAnUndisturbedRun() {
        long t0 = System.nanoTime();
        PrintWriter out = new PrintWriter(System.out, true);
        FailoverProof.Report r = FailoverProof.run(FailoverProof.Options.defaults(work, Manifests.home()), out);
        out.printf("FailoverTest took %.0f s%n", (System.nanoTime() - t0) / 1e9);

        assertThat(r.undisturbed().incidents()).as("the scenario produces incidents at all").isNotEmpty();
        assertThat(r.disturbed().restarts()).as("the kill really made the jobs fail over").isPositive();
        assertThat(r.disturbed().killToRunning()).isNotNull();
        assertThat(r.disturbed().brokerRestartToRunning()).isNotNull();
        assertThat(r.normalizedLost()).as("normalized events lost").isZero();
        assertThat(r.normalizedDuplicated()).as("normalized events duplicated").isZero();
        assertThat(r.lost()).as("incidents lost").isZero();
        assertThat(r.duplicated()).as("incidents duplicated").isZero();
        assertThat(r.disturbed().incidents()).hasSameSizeAs(r.undisturbed().incidents());
    }
}
