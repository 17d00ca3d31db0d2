package io.peerwatch.cli.commands;

import io.peerwatch.cli.Failures.UsageException;
import io.peerwatch.cli.Peerwatch;
import io.peerwatch.cli.live.GroupLag;
import io.peerwatch.cli.live.IncidentFollower;
import io.peerwatch.cli.live.LiveJobs;
import io.peerwatch.cli.live.ScenarioProducer;
import io.peerwatch.cli.live.Settle;
import io.peerwatch.cli.live.TruthCheck;
import io.peerwatch.cli.options.RunOptions;
import io.peerwatch.cli.options.TimeConverters;
import io.peerwatch.cli.output.CountsTables;
import io.peerwatch.cli.output.Fmt;
import io.peerwatch.cli.output.IncidentLines;
import io.peerwatch.cli.output.IncidentTally;
import io.peerwatch.cli.output.Progress;
import io.peerwatch.cli.output.ProgressReporter;
import io.peerwatch.cli.output.TextTable;
import io.peerwatch.cli.run.JobHandle;
import io.peerwatch.cli.run.LocalFlink;
import io.peerwatch.common.Topics;
import io.peerwatch.incidents.render.IncidentRenderer;
import io.peerwatch.normalize.NormalizeCounts;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.IncidentActivity;
import io.peerwatch.testkit.EmbeddedKafka;
import io.peerwatch.testkit.scenario.Scenario;
import io.peerwatch.testkit.scenario.ScenarioGenerator;
import io.peerwatch.testkit.scenario.ScenarioSpec;
import io.peerwatch.testkit.scenario.ScenarioTruth;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerwatch demo}: a real Kafka broker and a Flink MiniCluster in this JVM, a generated estate shipping
 * its logs to the raw topics, the two live jobs, each incident printed as it is committed, and a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts an in-process Kafka broker (KRaft) and a Flink MiniCluster, generates a virtualized estate",
                "(benign web/DNS/update traffic, a nightly backup, one VM running BitTorrent, an address reused by a",
                "second VM) into the raw topics, runs the normalize and detect jobs, prints each incident as it is",
                "committed and ends with a summary."})
public final class DemoCommand implements Callable<Integer> {
    /** About 70 raw records per VM and hour in the generator's default activity (66k for 36 VMs in 26 h). */
    static final double RECORDS_PER_VM_HOUR = 70;

    @Spec
    CommandSpec spec;

    @Option(names = "--vms", paramLabel = "N", description = "VMs in the estate (default: 36).")
    Integer vms;

    @Option(names = "--hypervisors", paramLabel = "H", description = "Hypervisor hosts (default: 3).")
    Integer hypervisors;

    @Option(names = "--seed", paramLabel = "S", description = "Scenario seed: the same seed gives the same logs (default: 42).")
    Long seed;

    @Option(names = "--duration", paramLabel = "DURATION", converter = TimeConverters.DurationConverter.class,
            description = "Event time the scenario covers (default: 26h, at least 2h).")
    Duration duration;

    @Option(names = "--ship-in", paramLabel = "DURATION", defaultValue = "45s", converter = TimeConverters.DurationConverter.class,
            description = {"Ship the scenario's logs over this much wall-clock time, each record when its time is due, as a live",
                    "estate would (default: ${DEFAULT-VALUE}); 0 ships everything at once (one backlog)."})
    Duration shipIn;

    @Option(names = "--partitions", paramLabel = "P", defaultValue = "2", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", defaultValue = "2s", converter = TimeConverters.DurationConverter.class,
            description = "Exactly-once results become visible at each checkpoint (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--brief", description = "One line per incident revision instead of the full report.")
    boolean brief;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = TimeConverters.DurationConverter.class,
            description = "Give up waiting for the jobs after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ScenarioSpec scenarioSpec = scenarioSpec();
        if (partitions < 1 || partitions > 64) throw new UsageException("--partitions must be within 1..64");
        if (checkpointInterval.toMillis() < 100) throw new UsageException("--checkpoint-interval must be at least 100ms");
        long started = System.nanoTime();
        Scenario scenario = ScenarioGenerator.generate(scenarioSpec);
        introduce(out, scenario);

        Topics topics = Topics.defaults();
        List<String> formats = List.copyOf(scenarioSpec.formats());
        double speed = shipIn.isZero() ? 0 : (double) scenarioSpec.duration().toMillis() / shipIn.toMillis();
        Duration[] bounds = LiveJobs.boundsForSpeed(speed);
        List<Incident> committed = Collections.synchronizedList(new ArrayList<>());
        IncidentTally tally = new IncidentTally();
        ScenarioProducer producer = new ScenarioProducer();
        Map<String, Object> accumulators;
        boolean settled;

        out.println("Starting Kafka (KRaft, in-process) and a Flink MiniCluster ...");
        out.flush();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(partitions, LiveJobs.plainTopics(topics, formats).toArray(String[]::new));
            kafka.createCompactedTopics(partitions, topics.identity());
            LiveJobs jobs = new LiveJobs(kafka.settings(), topics, formats, checkpointInterval, bounds[0], bounds[1], "");
            StreamExecutionEnvironment env = LocalFlink.environment(run.parallelism(), checkpointInterval);
            jobs.define(env);
            GroupLag lag = new GroupLag(kafka.admin());
            out.printf("Kafka at %s; jobs normalize + detect running (parallelism %d, checkpoints every %s).%n",
                    kafka.bootstrapServers(), run.parallelism(), Fmt.duration(checkpointInterval));
            out.printf(speed > 0 ? "Shipping %s of logs in %s (%.0fx real time; out-of-orderness %s, allowed lateness %s).%n%n"
                            : "Shipping all logs at once%s%s (one backlog).%n%n",
                    speed > 0 ? Fmt.duration(scenarioSpec.duration()) : "", speed > 0 ? Fmt.duration(shipIn) : "", speed,
                    Fmt.duration(bounds[0]), Fmt.duration(bounds[1]));
            out.flush();
            try (JobHandle job = JobHandle.submit(env, "peerwatch demo: normalize + detect");
                 IncidentFollower follower = IncidentFollower.start(kafka.settings(), topics.incidents(), i -> {
                     committed.add(i);
                     tally.add(i);
                     print(out, i);
                 });
                 ProgressReporter progress = new ProgressReporter(err, "demo", ProgressReporter.stderrIsTerminal(),
                         Duration.ofSeconds(ProgressReporter.stderrIsTerminal() ? 1 : 5),
                         () -> demoProgress(job, producer, lag, jobs, topics, tally))) {
                // Ctrl-C: cancel the job and wait for it before the broker goes (its own hook could run first)
                Thread stopInOrder = new Thread(() -> {
                    job.cancelAndWait(Duration.ofSeconds(20));
                    kafka.close();
                }, "peerwatch-demo-stop");
                Runtime.getRuntime().addShutdownHook(stopInOrder);
                try {
                    // stay within half the out-of-orderness bound of what normalize has read
                    long perSecond = Math.max(1, scenarioRecordsPerEventSecond(scenario));
                    long maxAhead = Math.max(500, (long) (perSecond * bounds[0].toSeconds() / 2.0));
                    producer.produce(scenario, kafka.settings(), topics, speed,
                            () -> jobs.normalizeRead(job, lag), maxAhead);
                    Settle.Result result = Settle.await(job, jobs, lag, producer::produced, tally::revisions,
                            checkpointInterval.multipliedBy(2).plusSeconds(1), timeout);
                    settled = result.settled();
                    if (!settled) err.println("peerwatch demo: " + result.reason());
                    accumulators = job.accumulatorsNow();
                    job.cancelAndWait(Duration.ofSeconds(60));
                } finally {
                    removeHook(stopInOrder);
                }
                if (follower.failure() != null) throw follower.failure();
            }
        }
        summarize(out, scenario.truth(), producer, accumulators, tally, List.copyOf(committed), settled,
                Duration.ofNanos(System.nanoTime() - started));
        return TruthCheck.allOk(TruthCheck.check(scenario.truth(), List.copyOf(committed))) ? Peerwatch.OK : Peerwatch.FAILURE;
    }

    private ScenarioSpec scenarioSpec() {
        try {
            ScenarioSpec s = ScenarioSpec.defaults();
            if (seed != null) s = s.withSeed(seed);
            if (vms != null) s = s.withVms(vms);
            if (hypervisors != null) s = s.withHypervisors(hypervisors);
            if (duration != null) s = s.withDuration(duration);
            return s;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private static void introduce(PrintWriter out, Scenario s) {
        ScenarioSpec sp = s.spec();
        ScenarioTruth t = s.truth();
        out.printf("peerwatch demo: %d VMs on %d hypervisors, %s of logs from %s (seed %d)%n", s.vms().size(), s.hypervisors().size(),
                Fmt.duration(sp.duration()), sp.start(), sp.seed());
        out.printf("  formats: %s%n", String.join(", ", sp.formats().stream().sorted().toList()));
        out.printf("  planted: BitTorrent client on %s (%s) from %s%n", t.bittorrent().vm().name(), t.bittorrent().vm().ip(),
                Fmt.time(t.bittorrent().sessionStartMillis()));
        out.printf("           %s releases %s at %s; %s gets it at %s%n", t.addressReuse().releasing().name(), t.addressReuse().ip(),
                Fmt.time(t.addressReuse().releaseMillis()), t.addressReuse().reusing().name(), Fmt.time(t.addressReuse().rebindMillis()));
        out.printf("           nightly backup from %s to %s (expected, must not be flagged)%n", t.backup().vm().name(), t.backup().targetHost());
        out.flush();
    }

    private void print(PrintWriter out, Incident i) {
        synchronized (out) {
            if (brief || i.getActivity() == IncidentActivity.UPDATE) {
                out.println("incident " + IncidentLines.brief(i));
            } else {
                out.println(IncidentRenderer.render(i));
            }
            out.flush();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already stopping: the hook runs
        }
    }

    /** Average records per second of event time (rounded up), from the spec's size. */
    private static long scenarioRecordsPerEventSecond(Scenario s) {
        long seconds = Math.max(1, s.spec().duration().toSeconds());
        return (long) Math.ceil(RECORDS_PER_VM_HOUR * s.vms().size() * (seconds / 3600.0) / seconds);
    }


    private static Progress demoProgress(JobHandle job, ScenarioProducer producer, GroupLag lag, LiveJobs jobs, Topics topics,
                                         IncidentTally tally) {
        long read = NormalizeCounts.fromAccumulators(job.accumulatorsNow()).total().read();
        long detectLag = lag.lag(jobs.detectGroup(), List.of(topics.normalized()));
        String detail = "shipped " + Fmt.compact(producer.produced()) + ", detect lag " + (detectLag < 0 ? "?" : Fmt.compact(detectLag))
                + ", " + tally.brief();
        return new Progress(read, producer.produced(), producer.lastEventTime(), detail);
    }

    private static void summarize(PrintWriter out, ScenarioTruth truth, ScenarioProducer producer, Map<String, Object> acc,
                                  IncidentTally tally, List<Incident> incidents, boolean settled, Duration took) {
        out.println();
        out.println("=".repeat(78));
        out.printf("SUMMARY (%s)%s%n", Fmt.duration(took), settled ? "" : "  -- stopped before all results settled");
        out.println("=".repeat(78));
        TextTable shipped = new TextTable("FORMAT", "RECORDS SHIPPED");
        producer.perFormat().forEach((f, n) -> shipped.row(f, n));
        out.print(shipped.render());
        out.println();
        out.print(CountsTables.normalize(NormalizeCounts.fromAccumulators(acc)));
        out.println();
        out.print(tally.table());
        out.println();
        List<TruthCheck.Line> checks = TruthCheck.check(truth, incidents);
        for (TruthCheck.Line l : checks) {
            out.printf("  [%s] %s: %s%n", l.ok() ? "ok" : l.required() ? "FAIL" : "note", l.what(), l.detail());
        }
        out.println();
        out.println(TruthCheck.allOk(checks) ? "Demo passed: the BitTorrent VM was found; the backup VM and the address reuser were not flagged."
                : "Demo FAILED one of its checks (see above).");
        out.flush();
    }
}
