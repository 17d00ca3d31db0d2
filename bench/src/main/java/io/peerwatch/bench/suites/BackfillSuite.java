package io.peerwatch.bench.suites;

import io.peerwatch.bench.BenchContext;
import io.peerwatch.bench.BenchOptions;
import io.peerwatch.bench.Figure;
import io.peerwatch.bench.Report;
import io.peerwatch.bench.flink.JobRun;
import io.peerwatch.bench.flink.LocalEnv;
import io.peerwatch.cli.backfill.BackfillJob;
import io.peerwatch.cli.backfill.TimeRange;
import io.peerwatch.common.Topics;
import io.peerwatch.common.io.InputSpec;
import io.peerwatch.detect.DetectConfig;
import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.incidents.IncidentConfig;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.NormalizeCounts;
import io.peerwatch.schema.Incident;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Issue 7: the cli's backfill job ({@link BackfillJob#define}, what {@code bin/peerwatch backfill} runs) as one
 * bounded job over (1) the scenario written as log files ({@code --input FORMAT=DIR ... --output FILE}) and (2)
 * the scenario's raw topics for its time range ({@code --from/--to --bootstrap-servers ... --no-topic-output}).
 * Incidents are collected like the cli collects them. Events/s = raw records read / job time.
 * Target: >= 200k events/s from files.
 */
public final class BackfillSuite implements Suite {
    public static final String NAME = "backfill";
    public static final double TARGET_EVENTS_PER_SECOND = 200_000;
    private static final Duration LOOKBACK = Duration.ofDays(7);
    private static final Duration KAFKA_TIME_SLACK = Duration.ofMinutes(15);

    @Override
    public String name() { return NAME; }

    @Override
    public String description() {
        return "the cli's bounded backfill job over scenario files and over the raw topics' time range";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        BenchOptions o = ctx.options();
        Report report = ctx.report();
        BenchContext.ScenarioOnDisk files = ctx.scenarioOnDisk();
        DetectConfig detect = DetectConfig.load(null, files.dir().resolve("allowlist.yaml"));

        List<InputSpec> inputs = new ArrayList<>();
        for (String format : files.written().keySet()) {
            Path dir = files.dir().resolve(format);
            if (Files.isDirectory(dir)) inputs.add(new InputSpec(format, dir));
        }
        BackfillJob.Plan filePlan = new BackfillJob.Plan(inputs, null, Topics.defaults(), List.of(), null, KAFKA_TIME_SLACK.toMillis(),
                "bench-files", false, false, "bench-backfill-files", NormalizeConfig.boundedDefaults(), IdentityConfig.defaults(), detect,
                IncidentConfig.defaults());
        Run fromFiles = run(filePlan, o.parallelism(), ctx.checkpointDir(), "bench: backfill from files");
        report.line("backfill from files (%d inputs, parallelism %d): read %,d records, dead-lettered %,d in %.2f s (+%.1f s MiniCluster start);"
                        + " incidents: %s", inputs.size(), o.parallelism(), fromFiles.counts.read(), fromFiles.counts.deadLettered(),
                fromFiles.job.seconds(), fromFiles.job.startupSeconds(), IncidentSummary.describe(fromFiles.incidents, ctx.scenario().truth()));
        report.line("backfill from files, job time: %s", fromFiles.job.breakdown(fromFiles.counts.read()));
        report.add(Figure.withTarget(NAME, "backfill from files", fromFiles.counts.read() / fromFiles.job.seconds(), "events/s",
                TARGET_EVENTS_PER_SECOND));
        report.add(Figure.of(NAME, "backfill from files, per CPU-second", fromFiles.counts.read() / fromFiles.job.cpuSeconds(), "events/CPU-s"));

        BenchContext.ScenarioInKafka in = ctx.scenarioInKafka();
        var spec = ctx.scenario().spec();
        TimeRange range = TimeRange.of(spec.start(), spec.end(), LOOKBACK);
        BackfillJob.Plan kafkaPlan = new BackfillJob.Plan(List.of(), ctx.kafka().settings(), in.topics(), List.copyOf(in.produced().keySet()),
                range, KAFKA_TIME_SLACK.toMillis(), "bench-kafka", false, false, in.topics().prefix() + "-bench-backfill",
                NormalizeConfig.boundedDefaults(), IdentityConfig.defaults(), detect, IncidentConfig.defaults());
        Run fromKafka = run(kafkaPlan, o.parallelism(), ctx.checkpointDir(), "bench: backfill from Kafka");
        report.line("backfill from Kafka (%s .. %s, %d raw topics): read %,d records in %.2f s (+%.1f s MiniCluster start); incidents: %s",
                spec.start(), spec.end(), in.produced().size(), fromKafka.counts.read(), fromKafka.job.seconds(), fromKafka.job.startupSeconds(),
                IncidentSummary.describe(fromKafka.incidents, ctx.scenario().truth()));
        report.line("backfill from Kafka, job time: %s", fromKafka.job.breakdown(fromKafka.counts.read()));
        if (fromKafka.counts.read() < in.total()) {
            report.note(NAME, String.format("the Kafka backfill read %,d of %,d records in the topics", fromKafka.counts.read(), in.total()));
        }
        report.add(Figure.of(NAME, "backfill from Kafka (time range)", fromKafka.counts.read() / fromKafka.job.seconds(), "events/s"));
        report.add(Figure.of(NAME, "backfill from Kafka, per CPU-second", fromKafka.counts.read() / fromKafka.job.cpuSeconds(), "events/CPU-s"));
    }

    private record Run(JobRun job, NormalizeCounts.Row counts, List<Incident> incidents) {}

    private static Run run(BackfillJob.Plan plan, int parallelism, Path checkpointDir, String name) throws Exception {
        StreamExecutionEnvironment env = LocalEnv.create(parallelism, checkpointDir);
        CloseableIterator<Incident> collected = BackfillJob.define(env, plan).collectAsync();
        List<Incident> incidents = new ArrayList<>();
        JobRun job = JobRun.run(env, name, NormalizeSuite.READ, collected, incidents::add);
        return new Run(job, NormalizeCounts.from(job.result()).total(), incidents);
    }
}
