package io.peerwatch.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.cli.Peerwatch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bin/peerwatch cluster up / submit / status / down` against real processes (tagged "cluster": tens of seconds). */
@Tag("cluster")
class ClusterCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Peerwatch.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void upSubmitStatusDemoDownRunTheJobsOnSeparateProcessesFindTheDemoIncidentsAndStopThemAll() {
        String d = dir.toString();
        try {
            Result up = run("cluster", "up", "--dir", d, "--rest-port", "0");
            assertThat(up.code()).as(up.toString()).isZero();
            assertThat(up.out()).contains("processes   : jobmanager, kafka, taskmanager-1, taskmanager-2", "web UI      : http://127.0.0.1:",
                    "2 TaskManagers, 4/4 slots free");

            Result submit = run("cluster", "submit", "--dir", d);
            assertThat(submit.code()).as(submit.toString()).isZero();
            assertThat(submit.out()).contains("submitted normalize", "submitted detect");

            Result status = run("cluster", "status", "--dir", d);
            assertThat(status.code()).isZero();
            assertThat(status.out()).contains("peerwatch-normalize", "peerwatch-detect");

            // the demo scenario through the submitted jobs (default settings, as deployed), checked against its truth
            Result demo = run("cluster", "demo", "--dir", d, "--ship-in", "40s");
            assertThat(demo.code()).as(demo.toString()).isZero();
            assertThat(demo.out()).contains("[ok] BitTorrent VM desk-05 found", "[ok] backup VM backup-01 not flagged", "Cluster demo passed");
            Result again = run("cluster", "demo", "--dir", d);
            assertThat(again.code()).as("a second copy of the logs would not match the truth").isNotZero();
            assertThat(again.err() + again.out()).contains("already hold");
        } finally {
            Result down = run("cluster", "down", "--dir", d);
            assertThat(down.code()).as(down.toString()).isZero();
            assertThat(down.out()).contains("stopped");
        }
        Result after = run("cluster", "status", "--dir", d);
        assertThat(after.out()).contains("no cluster is running");
    }
}
