package io.peerwatch.bench.suites;

import io.peerwatch.bench.BenchContext;
import io.peerwatch.bench.BenchOptions;
import io.peerwatch.bench.Figure;
import io.peerwatch.bench.Report;
import io.peerwatch.bench.flink.JobRun;
import io.peerwatch.bench.flink.LocalEnv;
import io.peerwatch.bench.kafka.ConsumeRun;
import io.peerwatch.bench.kafka.PlainConsumer;
import io.peerwatch.common.Topics;
import io.peerwatch.common.kafka.KafkaSettings;
import io.peerwatch.detect.DetectJob;
import io.peerwatch.detect.DetectJobConfig;
import io.peerwatch.normalize.NormalizeCounts;
import io.peerwatch.normalize.NormalizeJob;
import io.peerwatch.normalize.NormalizeJobConfig;
import io.peerwatch.schema.Incident;
import io.peerwatch.testkit.scenario.Scenario;
import io.peerwatch.testkit.scenario.ScenarioGenerator;
import io.peerwatch.testkit.scenario.ScenarioSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Issue 5: a generated scenario (default 10k VMs, 2 h, the formats of a libvirt site with a Zeek sensor) in raw
 * topics → the normalize job → the detect job (attribution, signals, CEP, volume baselines, incidents) → incident
 * topics, both jobs exactly-once. The jobs run one after the other (normalize to the end of the raw topics, then
 * detect to the end of the normalized topic), so the end-to-end time is the sum of both and nothing overlaps.
 * Events/s = raw records / that sum; compared with a plain consumer over the same raw topics.
 * Target: >= 200k events/s.
 */
public final class EndToEndSuite implements Suite {
    public static final String NAME = "end-to-end";
    public static final double TARGET_EVENTS_PER_SECOND = 200_000;

    @Override
    public String name() { return NAME; }

    /** VMs of the warm-up scenario (the JIT compiles both jobs' code paths on it; results discarded). */
    static final int WARM_UP_VMS = 1_000;

    /** Both jobs once over a smaller scenario of the same shape, so the measured run starts with compiled code. */
    private static void warmUp(BenchContext ctx) throws Exception {
        ScenarioSpec spec = ctx.scenario().spec();
        int vms = Math.min(spec.vms(), WARM_UP_VMS);
        Scenario small = ScenarioGenerator.generate(spec.withSeed(spec.seed() + 1000).withVms(vms).withHypervisors(Math.min(spec.hypervisors(), vms)));
        Topics topics = ctx.kafka().createAllTopics(ctx.options().partitions());
        long n = small.produceTo(ctx.kafka().settings(), topics).values().stream().mapToLong(Long::longValue).sum();
        Path allowlist = Files.writeString(ctx.workDir().resolve("e2e-warm-up-allowlist.yaml"), small.allowlistYaml());
        JobRun a = runNormalize(ctx, topics, List.copyOf(spec.formats()), "bench: end-to-end warm-up normalize");
        JobRun b = runDetect(ctx, topics, allowlist, "bench: end-to-end warm-up detect");
        ctx.report().line("warm-up: both jobs over a %,d-VM scenario (%,d records) in %.1f s (not counted)", vms, n, a.seconds() + b.seconds());
    }

    private static JobRun runNormalize(BenchContext ctx, Topics topics, List<String> formats, String name) throws Exception {
        BenchOptions o = ctx.options();
        String group = topics.prefix() + "-bench-e2e";
        NormalizeJobConfig cfg = NormalizeJobConfig.builder(ctx.kafka().settings().bootstrapServers())
                .topicPrefix(topics.prefix()).formats(formats)
                .groupId(group + "-normalize").transactionalIdPrefix(group + "-normalize")
                .checkpointInterval(o.checkpointInterval())
                .startFrom(NormalizeJobConfig.StartFrom.EARLIEST).stopAtLatest(true)
                .normalize(o.liveNormalizeConfig())
                .build();
        StreamExecutionEnvironment env = LocalEnv.create(o.parallelism(), ctx.checkpointDir());
        NormalizeJob.defineJob(env, cfg);
        return JobRun.run(env, name, NormalizeSuite.READ);
    }

    private static JobRun runDetect(BenchContext ctx, Topics topics, Path allowlist, String name) throws Exception {
        BenchOptions o = ctx.options();
        String group = topics.prefix() + "-bench-e2e";
        DetectJobConfig cfg = DetectJobConfig.builder()
                .bootstrapServers(ctx.kafka().settings().bootstrapServers()).topicPrefix(topics.prefix())
                .groupId(group + "-detect").transactionalIdPrefix(group + "-detect")
                .allowlistFile(allowlist)
                .checkpointInterval(o.checkpointInterval())
                .parallelism(o.parallelism())
                .startFrom(DetectJobConfig.StartFrom.EARLIEST).stopAtLatest(true)
                .build();
        StreamExecutionEnvironment env = LocalEnv.create(o.parallelism(), ctx.checkpointDir());
        DetectJob.defineJob(env, cfg);
        return JobRun.run(env, name, null);
    }

    @Override
    public String description() {
        return "scenario in Kafka -> normalize job -> detect job -> incidents, vs plain consume of the same records";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        BenchOptions o = ctx.options();
        Report report = ctx.report();
        BenchContext.ScenarioInKafka in = ctx.scenarioInKafka();
        Topics topics = in.topics();
        KafkaSettings kafka = ctx.kafka().settings();
        List<String> formats = List.copyOf(in.produced().keySet());
        List<String> rawTopics = formats.stream().map(topics::raw).toList();

        warmUp(ctx);

        ConsumeRun consume = PlainConsumer.median(kafka, rawTopics, o.consumePasses());
        report.line("plain consumer over %d raw topics: %,d records (incl. headers), %.0f MB in %.2f s", rawTopics.size(),
                consume.records(), consume.bytes() / 1e6, consume.seconds());

        Path allowlist = Files.writeString(ctx.workDir().resolve("e2e-allowlist.yaml"), ctx.scenario().allowlistYaml());
        JobRun normalize = runNormalize(ctx, topics, formats, "bench: end-to-end normalize");
        NormalizeCounts.Row counts = NormalizeCounts.from(normalize.result()).total();
        long normalized = PlainConsumer.countCommitted(kafka, topics.normalized());
        report.line("normalize job time: %s", normalize.breakdown(in.total()));
        report.line("normalize job: read %,d, normalized %,d (%,d events), dead-lettered %,d, skipped %,d, late %,d in %.2f s;"
                        + " %,d events committed to %s", counts.read(), counts.normalized(), counts.events(), counts.deadLettered(),
                counts.skipped(), counts.late(), normalize.seconds(), normalized, topics.normalized());
        if (counts.late() > 0) {
            report.note(NAME, String.format("%,d of %,d events were late in the normalize job (routed to %s, not detected on)",
                    counts.late(), counts.events(), topics.late()));
        }

        JobRun detect = runDetect(ctx, topics, allowlist, "bench: end-to-end detect");
        long attributed = PlainConsumer.countCommitted(kafka, topics.attributed());
        List<Incident> incidents = IncidentSummary.decode(ctx.kafka().readAllCommitted(topics.incidents(), Duration.ofMillis(500)));
        report.line("detect job: %,d normalized events in %.2f s (+%.1f s MiniCluster start); %,d attributed events committed; incidents: %s",
                normalized, detect.seconds(), detect.startupSeconds(), attributed, IncidentSummary.describe(incidents, ctx.scenario().truth()));

        long records = in.total();
        double total = normalize.seconds() + detect.seconds();
        double rate = records / total;
        report.add(Figure.of(NAME, "plain consumer, scenario raw topics", consume.recordsPerSecond(), "records/s"));
        report.add(Figure.of(NAME, "normalize job (all formats)", records / normalize.seconds(), "records/s"));
        report.add(Figure.of(NAME, "detect job (normalized in)", normalized / detect.seconds(), "events/s"));
        report.add(Figure.withTarget(NAME, String.format("end to end, %,d VMs", ctx.scenario().spec().vms()), rate, "events/s",
                TARGET_EVENTS_PER_SECOND));
        report.add(Figure.of(NAME, "end to end / plain consume", rate / consume.recordsPerSecond(), "x raw consume"));
        report.line("CPU of this JVM: normalize job %.1f s, detect job %.1f s, plain consumer pass %.2f s", normalize.cpuSeconds(),
                detect.cpuSeconds(), consume.cpuSeconds());
        report.add(Figure.of(NAME, "end to end, per CPU-second", records / (normalize.cpuSeconds() + detect.cpuSeconds()), "events/CPU-s"));
    }
}
