package io.peerwatch.cli.commands;

import io.peerwatch.cli.Failures.CommandFailure;
import io.peerwatch.cli.Failures.UsageException;
import io.peerwatch.cli.Peerwatch;
import io.peerwatch.cli.backfill.BackfillJob;
import io.peerwatch.cli.backfill.KafkaRange;
import io.peerwatch.cli.backfill.TimeRange;
import io.peerwatch.cli.backfill.TimeRangeFilter;
import io.peerwatch.cli.options.InputSpecConverter;
import io.peerwatch.cli.options.KafkaOptions;
import io.peerwatch.cli.options.NormalizeOptions;
import io.peerwatch.cli.options.RunOptions;
import io.peerwatch.cli.options.TimeConverters;
import io.peerwatch.cli.output.CountsTables;
import io.peerwatch.cli.output.Fmt;
import io.peerwatch.cli.output.IncidentFileWriter;
import io.peerwatch.cli.output.IncidentTally;
import io.peerwatch.cli.output.ProgressReporter;
import io.peerwatch.cli.output.TextTable;
import io.peerwatch.cli.run.FileRuns;
import io.peerwatch.cli.run.InputSize;
import io.peerwatch.cli.run.JobHandle;
import io.peerwatch.cli.run.LocalFlink;
import io.peerwatch.common.Formats;
import io.peerwatch.common.Topics;
import io.peerwatch.common.io.InputSpec;
import io.peerwatch.common.kafka.KafkaSettings;
import io.peerwatch.detect.DetectConfig;
import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.incidents.IncidentConfig;
import io.peerwatch.normalize.NormalizeCounts;
import io.peerwatch.schema.Incident;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerwatch backfill}: the live pipeline as one bounded job over log archives ({@code --input}) and/or
 * the raw topics of a time range ({@code --from/--to} with {@code --bootstrap-servers}).
 */
@Command(name = "backfill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the same pipeline as the live jobs (normalize, attribute, detect, incidents) as one bounded job",
                "over log archives (--input) and/or the raw Kafka topics of a time range (--from/--to), and writes",
                "the incidents as OCSF JSON lines (--output) and/or to the backfill incident topics.",
                "Same input, same incidents (ids and contents) as the live jobs, at any parallelism."})
public final class BackfillCommand implements Callable<Integer> {
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--input", paramLabel = "FORMAT=PATH", converter = InputSpecConverter.class,
            description = "Log file or directory (.gz accepted) of a FORMAT (repeatable).")
    List<InputSpec> inputs = new ArrayList<>();

    @Option(names = "--output", paramLabel = "FILE", description = "Write one OCSF JSON line per incident revision here (.gz compresses).")
    Path output;

    @Option(names = "--from", paramLabel = "TIME", converter = TimeConverters.InstantConverter.class,
            description = "Start of the time range (e.g. 2026-11-01 or 2026-11-01T00:00:00Z, UTC).")
    Instant from;

    @Option(names = "--to", paramLabel = "TIME", converter = TimeConverters.InstantConverter.class,
            description = "End of the time range (exclusive).")
    Instant to;

    @Option(names = "--investigation", paramLabel = "ID",
            description = "Investigation id the incidents are tagged with (default for Kafka ranges: backfill-FROM-TO).")
    String investigation;

    @Option(names = "--identity-lookback", paramLabel = "DURATION", defaultValue = "7d", converter = TimeConverters.DurationConverter.class,
            description = "Identity facts (DHCP leases, lifecycle) are read from this long before --from (default: ${DEFAULT-VALUE}).")
    Duration identityLookback;

    @Option(names = "--formats", paramLabel = "FORMAT[,FORMAT...]", split = ",",
            description = "Raw topics to read for a Kafka range (default: every FORMAT whose raw topic exists).")
    List<String> formats;

    @Option(names = "--kafka-time-slack", paramLabel = "DURATION", defaultValue = "15m", converter = TimeConverters.DurationConverter.class,
            description = "How far Kafka record timestamps may differ from the logs' times; records are cut exactly by log time (default: ${DEFAULT-VALUE}).")
    Duration slack;

    @Option(names = "--to-live-topics", description = "Write incidents to the LIVE incident topics instead of the backfill ones.")
    boolean toLiveTopics;

    @Option(names = "--no-topic-output", description = "Do not write incidents to Kafka (only --output).")
    boolean noTopicOutput;

    @Option(names = "--patterns", paramLabel = "DIR", description = "Detection pattern files (default: the packaged cep-patterns).")
    Path patterns;

    @Option(names = "--allowlist", paramLabel = "FILE", description = "Volume allowlist (default: the packaged one).")
    Path allowlist;

    @Option(names = "--progress-interval", paramLabel = "DURATION", converter = TimeConverters.DurationConverter.class,
            description = "How often progress is printed to stderr (default: 1s on a terminal, else 10s).")
    Duration progressInterval;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    NormalizeOptions normalize;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BackfillJob.Plan plan = plan();
        long kafkaRecords = plan.kafkaFormats().isEmpty() ? 0 : countKafkaRecords(plan);

        describe(err, plan, kafkaRecords);
        StreamExecutionEnvironment env = LocalFlink.environment(run.parallelism(), plan.topicOutput() ? Duration.ofSeconds(2) : null);
        CloseableIterator<Incident> collected = BackfillJob.define(env, plan).collectAsync();

        long started = System.nanoTime();
        List<Incident> incidents = new ArrayList<>();
        IncidentTally tally = new IncidentTally();
        JobExecutionResult result;
        boolean tty = ProgressReporter.stderrIsTerminal();
        Duration every = progressInterval != null ? progressInterval : Duration.ofSeconds(tty ? 1 : 10);
        try (JobHandle job = JobHandle.submit(env, "peerwatch backfill" + (plan.investigationId() == null ? "" : " " + plan.investigationId()));
             ProgressReporter progress = new ProgressReporter(err, "backfill", tty, every,
                     FileRuns.progress(job, InputSize.uncompressedBytes(plan.inputs()), kafkaRecords,
                             acc -> tally.brief()))) {
            try (collected) {
                while (collected.hasNext()) {
                    Incident i = collected.next();
                    incidents.add(i);
                    tally.add(i);
                }
            } catch (RuntimeException e) {
                throw new CommandFailure("the backfill job failed: " + JobHandle.rootMessage(e), e);
            }
            result = job.awaitResult();
        }
        if (output != null) IncidentFileWriter.write(output, incidents);
        printSummary(out, plan, result.getAllAccumulatorResults(), tally, Duration.ofNanos(System.nanoTime() - started));
        return Peerwatch.OK;
    }

    /** Validates the options into a plan; every inconsistency is a usage error before anything starts. */
    BackfillJob.Plan plan() {
        if ((from == null) != (to == null)) throw new UsageException("--from and --to go together");
        TimeRange range;
        try {
            range = from == null ? null : TimeRange.of(from, to, identityLookback);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        boolean kafkaConfigured = kafka.configured();
        boolean readKafka = range != null && kafkaConfigured;
        if (inputs.isEmpty() && !readKafka) {
            throw new UsageException(range == null
                    ? "nothing to read: give --input FORMAT=PATH and/or --from/--to with --bootstrap-servers"
                    : "reading raw topics for --from/--to needs --bootstrap-servers (or give --input archives)");
        }
        if (formats != null && !readKafka) throw new UsageException("--formats selects raw topics: it needs --from/--to and --bootstrap-servers");
        boolean topicOutput = kafkaConfigured && !noTopicOutput;
        if (toLiveTopics && !topicOutput) throw new UsageException("--to-live-topics needs --bootstrap-servers (and no --no-topic-output)");
        if (!topicOutput && output == null) {
            throw new UsageException("nowhere to write: give --output FILE and/or --bootstrap-servers for the backfill topics");
        }
        if (output != null) IncidentFileWriter.checkWritable(output);
        if (patterns != null && !Files.isDirectory(patterns)) throw new UsageException("--patterns: no such directory: " + patterns);
        if (allowlist != null && !Files.isRegularFile(allowlist)) throw new UsageException("--allowlist: no such file: " + allowlist);

        KafkaSettings settings = kafkaConfigured ? kafka.settings() : null;
        Topics topics = kafka.topics();
        List<String> kafkaFormats = readKafka ? kafkaFormats(settings, topics) : List.of();
        String investigationId = investigation != null ? investigation
                : readKafka ? "backfill-" + COMPACT.format(from) + "-" + COMPACT.format(to) : null;
        if (investigationId != null && !investigationId.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw new UsageException("--investigation: letters, digits and . _ : - only (at most 128)");
        }
        DetectConfig detect;
        try {
            detect = DetectConfig.load(patterns, allowlist);
        } catch (RuntimeException e) {
            throw new UsageException("cannot load detection settings: " + e.getMessage(), e);
        }
        String txPrefix = topics.prefix() + "-backfill-" + UUID.randomUUID().toString().substring(0, 8);
        return new BackfillJob.Plan(List.copyOf(inputs), settings, topics, kafkaFormats, range, slack.toMillis(), investigationId,
                topicOutput, toLiveTopics, txPrefix, normalize.bounded(), IdentityConfig.defaults(), detect, IncidentConfig.defaults());
    }

    private List<String> kafkaFormats(KafkaSettings settings, Topics topics) {
        List<String> wanted = new ArrayList<>();
        if (formats != null) {
            for (String f : formats) {
                if (!Formats.isKnown(f.trim())) {
                    throw new UsageException("--formats: unknown FORMAT '" + f.trim() + "'; known formats: " + String.join(", ", Formats.ALL));
                }
                wanted.add(f.trim());
            }
        } else {
            wanted.addAll(Formats.ALL);
        }
        List<String> rawTopics = wanted.stream().map(topics::raw).toList();
        Set<String> existing;
        try (KafkaRange k = new KafkaRange(settings, Duration.ofSeconds(30))) {
            existing = k.existing(rawTopics);
        }
        List<String> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String f : wanted) (existing.contains(topics.raw(f)) ? out : missing).add(f);
        if (formats != null && !missing.isEmpty()) {
            throw new UsageException("raw topics do not exist: " + missing.stream().map(topics::raw).toList());
        }
        if (out.isEmpty()) throw new UsageException("no raw topics " + topics.prefix() + ".raw.<format> exist on " + settings.bootstrapServers());
        return out;
    }

    private long countKafkaRecords(BackfillJob.Plan plan) {
        long n = 0;
        try (KafkaRange k = new KafkaRange(plan.kafka(), Duration.ofSeconds(30))) {
            for (String f : plan.kafkaFormats()) {
                long start = plan.range().startFor(f);
                Instant s = start == Long.MIN_VALUE ? Instant.EPOCH : Instant.ofEpochMilli(Math.max(0, start - plan.slackMillis()));
                n += k.count(List.of(plan.topics().raw(f)), s, Instant.ofEpochMilli(plan.range().toMillis() + plan.slackMillis()));
            }
        }
        return n;
    }

    private void describe(PrintWriter err, BackfillJob.Plan plan, long kafkaRecords) {
        StringBuilder sb = new StringBuilder("backfill");
        if (plan.investigationId() != null) sb.append(" ").append(plan.investigationId());
        sb.append(": reading");
        if (!plan.inputs().isEmpty()) sb.append(" ").append(plan.inputs().size()).append(" archive input(s)");
        if (!plan.kafkaFormats().isEmpty()) {
            sb.append(plan.inputs().isEmpty() ? " " : " and ").append(plan.kafkaFormats().size()).append(" raw topic(s), ~")
                    .append(Fmt.count(kafkaRecords)).append(" records");
        }
        if (plan.range() != null) {
            sb.append(", ").append(plan.range().from()).append(" .. ").append(plan.range().to())
                    .append(" (identity from ").append(Instant.ofEpochMilli(plan.range().fromMillis() - plan.range().lookbackMillis())).append(")");
        }
        sb.append("; parallelism ").append(run.parallelism());
        err.println(sb);
        err.flush();
    }

    private void printSummary(PrintWriter out, BackfillJob.Plan plan, Map<String, Object> acc, IncidentTally tally, Duration took) {
        NormalizeCounts counts = NormalizeCounts.fromAccumulators(acc);
        out.print(CountsTables.normalize(counts));
        Map<String, Long> outside = TimeRangeFilter.outsideCounts(acc);
        if (!outside.isEmpty()) {
            TextTable t = new TextTable("FORMAT", "EVENTS OUTSIDE THE TIME RANGE");
            outside.forEach((f, n) -> t.row(f, n));
            out.println();
            out.print(t.render());
        }
        out.println();
        out.print(tally.table());
        out.println();
        long read = counts.total().read();
        out.printf("records read %s, normalized %s, dead-lettered %s, incidents %s (%s revisions) in %s (%s records/s)%n",
                Fmt.count(read), Fmt.count(counts.total().normalized()), Fmt.count(counts.total().deadLettered()),
                Fmt.count(tally.findings()), Fmt.count(tally.revisions()), Fmt.duration(took),
                Fmt.compact(read / Math.max(0.001, took.toMillis() / 1000.0)));
        if (output != null) out.printf("wrote %s OCSF lines to %s%n", Fmt.count(tally.revisions()), output);
        if (plan.topicOutput()) {
            out.printf("wrote incidents to %s and %s%s%n", plan.incidentTopic(), plan.ocsfTopic(),
                    plan.investigationId() == null ? "" : " (investigation " + plan.investigationId() + ")");
        }
        out.flush();
    }
}
