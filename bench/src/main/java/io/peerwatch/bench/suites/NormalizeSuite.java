package io.peerwatch.bench.suites;

import io.peerwatch.bench.BenchContext;
import io.peerwatch.bench.BenchOptions;
import io.peerwatch.bench.Figure;
import io.peerwatch.bench.Report;
import io.peerwatch.bench.flink.JobRun;
import io.peerwatch.bench.flink.LocalEnv;
import io.peerwatch.bench.kafka.ConsumeRun;
import io.peerwatch.bench.kafka.PlainConsumer;
import io.peerwatch.bench.kafka.ZeekConnRecords;
import io.peerwatch.common.Formats;
import io.peerwatch.common.Topics;
import io.peerwatch.common.kafka.KafkaSettings;
import io.peerwatch.normalize.NormalizeCounts;
import io.peerwatch.normalize.NormalizeJob;
import io.peerwatch.normalize.NormalizeJobConfig;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Issue 3: the normalize job (Kafka in, guard + parse, Avro, Kafka out, exactly-once; {@link NormalizeJob#defineJob})
 * against a plain KafkaConsumer over the same raw topic of generated Zeek conn records, in the same run.
 * Target: normalize >= 0.25 x raw consume.
 */
public final class NormalizeSuite implements Suite {
    public static final String NAME = "normalize";
    public static final double TARGET_RATIO = 0.25;

    /** Records read so far, from the normalize stage's accumulators. */
    static final java.util.function.ToLongFunction<java.util.Map<String, Object>> READ =
            acc -> NormalizeCounts.fromAccumulators(acc).total().read();

    /** Records of the warm-up job (at most --records). */
    static final long WARM_UP_RECORDS = 200_000;

    @Override
    public String name() { return NAME; }

    /**
     * The same job once over other records first, results discarded: the JIT compiles the Flink, Kafka, Avro and
     * parser code paths (in a 20-second cold run about a third of the CPU goes to the compiler threads), as in a
     * long-running live job. The plain consumer gets its warm-up pass too.
     */
    private static void warmUp(BenchContext ctx) throws Exception {
        BenchOptions o = ctx.options();
        Topics topics = ctx.kafka().createAllTopics(o.partitions());
        long n = ZeekConnRecords.produce(ctx.kafka().settings(), topics.raw(Formats.ZEEK_CONN), Math.min(o.records(), WARM_UP_RECORDS),
                o.seed() + 1000);
        JobRun warm = runJob(ctx, topics, "bench: normalize warm-up");
        ctx.report().line("warm-up: the same job over %,d other records in %.1f s (not counted)", n, warm.seconds());
    }

    private static JobRun runJob(BenchContext ctx, Topics topics, String name) throws Exception {
        BenchOptions o = ctx.options();
        NormalizeJobConfig cfg = NormalizeJobConfig.builder(ctx.kafka().settings().bootstrapServers())
                .topicPrefix(topics.prefix())
                .formats(List.of(Formats.ZEEK_CONN))
                .groupId(topics.prefix() + "-bench-normalize")
                .transactionalIdPrefix(topics.prefix() + "-bench-normalize")
                .checkpointInterval(o.checkpointInterval())
                .startFrom(NormalizeJobConfig.StartFrom.EARLIEST)
                .stopAtLatest(true)
                .normalize(o.liveNormalizeConfig())
                .build();
        StreamExecutionEnvironment env = LocalEnv.create(o.parallelism(), ctx.checkpointDir());
        NormalizeJob.defineJob(env, cfg);
        return JobRun.run(env, name, READ);
    }

    @Override
    public String description() {
        return "plain KafkaConsumer vs the normalize job (exactly-once) over the same Zeek conn records";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        BenchOptions o = ctx.options();
        Report report = ctx.report();
        KafkaSettings kafka = ctx.kafka().settings();
        Topics topics = ctx.kafka().createAllTopics(o.partitions());
        String raw = topics.raw(Formats.ZEEK_CONN);

        long t0 = System.nanoTime();
        long n = ZeekConnRecords.produce(kafka, raw, o.records(), o.seed());
        report.line("produced %,d zeek-conn records to %s (%d partitions) in %.1f s", n, raw, o.partitions(), (System.nanoTime() - t0) / 1e9);

        warmUp(ctx);

        ConsumeRun consume = PlainConsumer.median(kafka, List.of(raw), o.consumePasses());
        report.line("plain consumer: %,d records, %.0f MB in %.2f s (median of %d passes)", consume.records(), consume.bytes() / 1e6,
                consume.seconds(), o.consumePasses());

        JobRun job = runJob(ctx, topics, "bench: normalize");
        NormalizeCounts counts = NormalizeCounts.from(job.result());
        NormalizeCounts.Row total = counts.total();
        long committed = PlainConsumer.countCommitted(kafka, topics.normalized());
        long dead = PlainConsumer.countCommitted(kafka, topics.deadLetter());
        long late = PlainConsumer.countCommitted(kafka, topics.late());
        report.line("normalize job time: %s", job.breakdown(n));
        report.line("normalize job (parallelism %d, checkpoints every %d ms): read %,d, normalized %,d, dead-lettered %,d, skipped %,d, late %,d"
                        + " in %.2f s (+%.1f s MiniCluster start); committed to Kafka: %,d normalized, %,d dead letters, %,d late",
                o.parallelism(), o.checkpointInterval().toMillis(), total.read(), total.normalized(), total.deadLettered(), total.skipped(), total.late(),
                job.seconds(), job.startupSeconds(), committed, dead, late);
        if (total.read() != n) report.note(NAME, "the job read " + total.read() + " records of " + n + " produced");
        if (committed + late + dead + total.skipped() < n) {
            report.note(NAME, "committed output (" + committed + " events, " + dead + " dead letters, " + late + " late) is less than the input " + n);
        }

        double jobRate = n / job.seconds();
        report.add(Figure.of(NAME, "plain consumer, zeek-conn", consume.recordsPerSecond(), "records/s"));
        report.add(Figure.of(NAME, "normalize job, zeek-conn", jobRate, "records/s"));
        double steady = job.steadyRate(n);
        if (!Double.isNaN(steady)) report.add(Figure.of(NAME, "normalize job while reading", steady, "records/s"));
        report.add(Figure.withTarget(NAME, "normalize / plain consume", jobRate / consume.recordsPerSecond(), "x raw consume", TARGET_RATIO));
        // what each costs in CPU, whatever share of the cores this process got (the broker is in this JVM too)
        report.line("CPU of this JVM: plain consumer pass %.2f s, normalize job %.2f s", consume.cpuSeconds(), job.cpuSeconds());
        report.add(Figure.of(NAME, "plain consumer, per CPU-second", consume.records() / consume.cpuSeconds(), "records/CPU-s"));
        report.add(Figure.of(NAME, "normalize job, per CPU-second", n / job.cpuSeconds(), "records/CPU-s"));
    }
}
