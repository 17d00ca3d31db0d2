package io.peerwatch.bench.suites;

import io.peerwatch.bench.BenchContext;
import io.peerwatch.bench.BenchOptions;
import io.peerwatch.bench.Figure;
import io.peerwatch.bench.parsers.ParserBenchmark;
import io.peerwatch.common.Formats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Issue 3: single-thread records/s of each FORMAT's parser, with JMH ({@link ParserBenchmark}: realistic records
 * from the parser fixtures and the development data set, one forked JVM per format). Target: >= 300k records/s
 * each. JMH's own log goes to {@code <work dir>/jmh-parsers.log}.
 */
public final class ParsersSuite implements Suite {
    public static final String NAME = "parsers";
    public static final double TARGET_RECORDS_PER_SECOND = 300_000;

    @Override
    public String name() { return NAME; }

    @Override
    public String description() {
        return "JMH: one thread, records/s of each FORMAT's parser over realistic records";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        BenchOptions o = ctx.options();
        List<String> formats = o.parserFormats().isEmpty() ? Formats.ALL : o.parserFormats();
        for (String f : formats) Formats.require(f);
        Path log = ctx.workDir().resolve("jmh-parsers.log");
        ctx.report().line("JMH: %d formats, %d x 1 s warm-up + %d x 1 s measured each, one fork per format (log: %s)",
                formats.size(), o.jmhWarmup(), o.jmhIterations(), log);
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(ParserBenchmark.class.getName() + "\\.parse$")
                .param("format", formats.toArray(String[]::new))
                .warmupIterations(o.jmhWarmup()).warmupTime(TimeValue.seconds(1))
                .measurementIterations(o.jmhIterations()).measurementTime(TimeValue.seconds(1))
                .forks(1).threads(1)
                .shouldFailOnError(true)
                .output(log.toString());
        Collection<RunResult> results = new Runner(b.build()).run();
        List<RunResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparing(r -> formats.indexOf(r.getParams().getParam("format"))));
        for (RunResult r : sorted) {
            String format = r.getParams().getParam("format");
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            ctx.report().line("%-16s %,12.0f ± %,.0f records/s", format, score, Double.isNaN(error) ? 0.0 : error);
            ctx.report().add(Figure.withTarget(NAME, "parser " + format, score, "records/s", TARGET_RECORDS_PER_SECOND));
        }
        if (results.size() < formats.size()) {
            ctx.report().note(NAME, "JMH returned " + results.size() + " results for " + formats.size() + " formats; see " + log);
        }
        perRecordNormalize(ctx, formats);
    }

    /**
     * For context (no target): H1's NormalizeRecordBenchmark, the normalize operator's whole per-record work
     * (guard + parse + SHA-256 + event id + schema check + Avro encoding) on one thread, for the flow formats it
     * covers. The gap to the parser alone shows what the envelope costs; its inverse bounds the normalize job.
     */
    private static void perRecordNormalize(BenchContext ctx, List<String> formats) throws Exception {
        String benchmark = "io.peerwatch.bench.parsers.NormalizeRecordBenchmark";
        try {
            Class.forName(benchmark);
        } catch (ClassNotFoundException e) {
            return; // not written (any more): the parser figures stand alone
        }
        List<String> covered = List.of(Formats.ZEEK_CONN, Formats.SURICATA_EVE, Formats.AWS_VPC_FLOW, Formats.GOFLOW2).stream()
                .filter(formats::contains).toList();
        if (covered.isEmpty()) return;
        BenchOptions o = ctx.options();
        Path log = ctx.workDir().resolve("jmh-normalize-record.log");
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(benchmark + "\\.normalizeAndEncode$")
                .param("format", covered.toArray(String[]::new))
                .warmupIterations(o.jmhWarmup()).warmupTime(TimeValue.seconds(1))
                .measurementIterations(o.jmhIterations()).measurementTime(TimeValue.seconds(1))
                .forks(1).threads(1).shouldFailOnError(true).output(log.toString())
                .build()).run();
        for (RunResult r : results) {
            String format = r.getParams().getParam("format");
            double score = r.getPrimaryResult().getScore();
            ctx.report().line("%-16s %,12.0f records/s = %.2f µs per record (guard + parse + envelope + Avro)", format, score, 1e6 / score);
            ctx.report().add(Figure.of(NAME, "normalize + Avro, 1 thread, " + format, score, "records/s"));
        }
    }
}
