package io.peerwatch.cli.cluster;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** What `cluster up` and `cluster status` print: processes, Kafka address, web UI and jobs. */
final class StatusPrinter {
    private StatusPrinter() {}

    static void print(LocalCluster c, PrintWriter out) {
        List<String> live = c.liveProcesses();
        out.println("cluster dir : " + c.home().root());
        out.println("processes   : " + (live.isEmpty() ? "none" : String.join(", ", live)));
        out.println("kafka       : " + c.bootstrapServers() + (live.contains(KafkaBroker.PROCESS) ? "" : " (not running)"));
        out.println("topic prefix: " + c.topicPrefix());
        FlinkRest rest = c.rest();
        if (!live.contains(LocalCluster.JOBMANAGER) || !rest.reachable()) {
            out.println("flink       : JobManager not reachable");
            out.flush();
            return;
        }
        var overview = rest.overview();
        out.println("web UI      : " + rest.webUi());
        out.printf("flink       : %d TaskManagers, %d/%d slots free%n", overview.path("taskmanagers").asInt(),
                overview.path("slots-available").asInt(), overview.path("slots-total").asInt());
        List<FlinkRest.JobSummary> jobs = rest.jobs();
        if (jobs.isEmpty()) {
            out.println("jobs        : none (submit with `bin/peerwatch cluster submit`)");
        } else {
            out.println("jobs        :");
            for (FlinkRest.JobSummary j : jobs) {
                out.printf("  %-10s %s  %s  started %s%n", j.state(), j.id(), j.name(), Instant.ofEpochMilli(j.startTime()));
            }
        }
        out.println("logs        : " + c.home().logs());
        out.flush();
    }
}
