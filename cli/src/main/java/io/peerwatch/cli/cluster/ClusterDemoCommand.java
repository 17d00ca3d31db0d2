package io.peerwatch.cli.cluster;

import io.peerwatch.cli.Failures.CommandFailure;
import io.peerwatch.cli.Failures.UsageException;
import io.peerwatch.cli.Peerwatch;
import io.peerwatch.cli.live.IncidentFollower;
import io.peerwatch.cli.live.ScenarioProducer;
import io.peerwatch.cli.live.TruthCheck;
import io.peerwatch.cli.options.TimeConverters;
import io.peerwatch.cli.output.Fmt;
import io.peerwatch.cli.output.IncidentLines;
import io.peerwatch.cli.output.IncidentTally;
import io.peerwatch.cli.output.TextTable;
import io.peerwatch.common.Topics;
import io.peerwatch.common.kafka.KafkaSettings;
import io.peerwatch.detect.DetectJob;
import io.peerwatch.normalize.NormalizeJob;
import io.peerwatch.schema.Incident;
import io.peerwatch.testkit.scenario.Scenario;
import io.peerwatch.testkit.scenario.ScenarioGenerator;
import io.peerwatch.testkit.scenario.ScenarioSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/peerwatch cluster demo}: the demo scenario through the jobs that {@code cluster submit} runs on the
 * standalone cluster. It ships the scenario's logs into the cluster broker's raw topics (as log shippers would:
 * record timestamp = log time, in time order), follows the committed incidents (read_committed), and when they
 * have settled checks them against the scenario's truth, like {@code bin/peerwatch demo} does in one JVM.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Ship the demo scenario into the cluster's raw topics, follow the incidents the submitted jobs commit "
                + "and check them against the scenario's truth. Run it on a fresh cluster after `cluster up` and `cluster submit`.")
final class ClusterDemoCommand implements Callable<Integer> {
    @CommandLine.Mixin ClusterCommand.Where where = new ClusterCommand.Where();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--ship-in", paramLabel = "DURATION", defaultValue = "60s", converter = TimeConverters.DurationConverter.class,
            description = "Wall-clock time to ship the scenario's 26 h of logs in (default: ${DEFAULT-VALUE}).")
    Duration shipIn;

    @Option(names = "--seed", paramLabel = "S", description = "Scenario seed (default: 42).")
    Long seed;

    @Option(names = "--quiet", paramLabel = "DURATION", defaultValue = "30s", converter = TimeConverters.DurationConverter.class,
            description = "Settled when no incident revision came for this long after shipping (default: ${DEFAULT-VALUE}).")
    Duration quiet;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = TimeConverters.DurationConverter.class,
            description = "Give up waiting for incidents after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (shipIn.isNegative() || shipIn.isZero()) throw new UsageException("--ship-in must be positive");
        LocalCluster c = where.running();
        List<String> running = c.rest().jobs().stream().filter(j -> "RUNNING".equals(j.state())).map(FlinkRest.JobSummary::name).toList();
        if (!running.contains(NormalizeJob.JOB_NAME) || !running.contains(DetectJob.JOB_NAME)) {
            throw new CommandFailure("the normalize and detect jobs are not running on the cluster (running: " + running
                    + "); start them with `bin/peerwatch cluster submit`");
        }
        ScenarioSpec scenarioSpec = seed == null ? ScenarioSpec.defaults() : ScenarioSpec.defaults().withSeed(seed);
        Scenario scenario = ScenarioGenerator.generate(scenarioSpec);
        Topics topics = new Topics(c.topicPrefix());
        KafkaSettings kafka = KafkaSettings.of(c.bootstrapServers());
        List<String> rawTopics = scenarioSpec.formats().stream().map(topics::raw).sorted().toList();
        long already = recordsIn(kafka, rawTopics);
        if (already > 0) {
            // a second copy of the same logs would be attributed and detected again: results no longer match the truth
            throw new CommandFailure("the raw topics already hold " + already + " records; run the demo on a fresh cluster "
                    + "(`bin/peerwatch cluster down --purge`, `cluster up`, `cluster submit`)");
        }

        double speed = (double) scenarioSpec.duration().toMillis() / shipIn.toMillis();
        out.printf("cluster demo: %d VMs, %s of logs (seed %d) -> %s at %s, shipped in %s (%.0fx real time)%n",
                scenario.vms().size(), Fmt.duration(scenarioSpec.duration()), scenarioSpec.seed(), String.join(", ", rawTopics),
                c.bootstrapServers(), Fmt.duration(shipIn), speed);
        out.flush();

        List<Incident> committed = Collections.synchronizedList(new ArrayList<>());
        IncidentTally tally = new IncidentTally();
        AtomicLong lastRevisionNanos = new AtomicLong(System.nanoTime());
        ScenarioProducer producer = new ScenarioProducer();
        long started = System.nanoTime();
        boolean settled;
        try (IncidentFollower follower = IncidentFollower.start(kafka, topics.incidents(), i -> {
            committed.add(i);
            tally.add(i);
            lastRevisionNanos.set(System.nanoTime());
            synchronized (out) {
                out.println("incident " + IncidentLines.brief(i));
                out.flush();
            }
        })) {
            producer.produce(scenario, kafka, topics, speed);
            out.printf("shipped %d records in %s; waiting for the incidents to settle (quiet for %s) ...%n", producer.produced(),
                    Fmt.duration(Duration.ofNanos(System.nanoTime() - started)), Fmt.duration(quiet));
            out.flush();
            long shippedAt = System.nanoTime();
            long deadline = shippedAt + timeout.toNanos();
            while (true) {
                long now = System.nanoTime();
                long since = now - Math.max(lastRevisionNanos.get(), shippedAt);
                // at least one incident and a quiet period, or the timeout
                settled = !committed.isEmpty() && since > quiet.toNanos();
                if (settled || now > deadline) break;
                Thread.sleep(500);
            }
            if (follower.failure() != null) throw follower.failure();
        }
        out.println();
        TextTable shipped = new TextTable("FORMAT", "RECORDS SHIPPED");
        producer.perFormat().forEach((format, n) -> shipped.row(format, n));
        out.print(shipped.render());
        out.println();
        out.print(tally.table());
        out.println();
        List<TruthCheck.Line> checks = TruthCheck.check(scenario.truth(), List.copyOf(committed));
        for (TruthCheck.Line l : checks) {
            out.printf("  [%s] %s: %s%n", l.ok() ? "ok" : l.required() ? "FAIL" : "note", l.what(), l.detail());
        }
        out.println();
        boolean ok = settled && TruthCheck.allOk(checks);
        out.println(ok ? "Cluster demo passed (" + Fmt.duration(Duration.ofNanos(System.nanoTime() - started)) + "): the jobs on the cluster "
                + "found the BitTorrent VM and did not flag the backup VM or the address reuser."
                : settled ? "Cluster demo FAILED one of its checks (see above)."
                : "Cluster demo FAILED: no settled incidents within " + Fmt.duration(timeout) + " (see `bin/peerwatch cluster status` and the logs)");
        out.flush();
        return ok ? Peerwatch.OK : Peerwatch.FAILURE;
    }

    /** Records in the topics (end offsets; 0 for a fresh cluster). */
    private static long recordsIn(KafkaSettings kafka, List<String> topicNames) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumerProperties(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topicNames) {
                consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
            }
            return consumer.endOffsets(parts, Duration.ofSeconds(30)).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
