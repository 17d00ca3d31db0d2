package io.peerwatch.bench;

import io.peerwatch.bench.suites.BackfillSuite;
import io.peerwatch.bench.suites.DetectSuite;
import io.peerwatch.bench.suites.EndToEndSuite;
import io.peerwatch.bench.suites.IdentitySuite;
import io.peerwatch.bench.suites.NormalizeSuite;
import io.peerwatch.bench.suites.ParsersSuite;
import io.peerwatch.bench.suites.Suite;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark driver: runs the selected suites (see {@link BenchOptions#USAGE}) and prints their figures, then
 * one summary table with each figure, its target from the issues and pass/miss, and what machine it ran on.
 * Figures are measured, never asserted: a miss is reported, and the exit status stays 0 unless a suite failed.
 * Run with {@code bench/bin/peerwatch-bench [options] [suite...]}.
 */
public final class Benchmarks {
    private static final Map<String, Suite> SUITES = Map.of(
            NormalizeSuite.NAME, new NormalizeSuite(),
            EndToEndSuite.NAME, new EndToEndSuite(),
            BackfillSuite.NAME, new BackfillSuite(),
            ParsersSuite.NAME, new ParsersSuite(),
            IdentitySuite.NAME, new IdentitySuite(),
            DetectSuite.NAME, new DetectSuite());

    private static final Logger LOG = LoggerFactory.getLogger(Benchmarks.class);

    private Benchmarks() {}

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        int failed = run(options, System.out).failedSuites();
        System.exit(failed == 0 ? 0 : 1);
    }

    /** The outcome of a run: the report and how many suites failed (threw). */
    public record Outcome(Report report, int failedSuites) {}

    public static Outcome run(BenchOptions options, PrintStream out) {
        Report report = new Report(out);
        String machine = MachineInfo.describe();
        out.println("peerwatch benchmarks, " + Instant.now());
        out.println("machine: " + machine);
        out.println("suites: " + options.suites() + "; " + sizes(options));
        int failed = 0;
        long started = System.nanoTime();
        try (BenchContext ctx = new BenchContext(options, report)) {
            for (String name : options.suites()) {
                Suite suite = SUITES.get(name);
                out.printf(Locale.ROOT, "%n== %s: %s (load average %.1f)%n", name, suite.description(), MachineInfo.loadAverage());
                long t0 = System.nanoTime();
                try {
                    suite.run(ctx);
                } catch (Exception e) { // the other suites still run; the failure is in the summary
                    failed++;
                    report.note(name, "FAILED: " + e);
                    LOG.error("suite {} failed", name, e);
                }
                out.printf(Locale.ROOT, "   (%s took %.0f s)%n", name, (System.nanoTime() - t0) / 1e9);
            }
        }
        out.println();
        out.println("== summary (" + machine + ")");
        out.printf(Locale.ROOT, "%s; whole run %.0f s, load average %.1f at the end%n", sizes(options), (System.nanoTime() - started) / 1e9,
                MachineInfo.loadAverage());
        out.print(report.summary());
        out.flush();
        return new Outcome(report, failed);
    }

    private static String sizes(BenchOptions o) {
        return String.format(Locale.ROOT, "--records %d --vms %d --hours %d --parallelism %d --partitions %d --checkpoint-interval %dms%s",
                o.records(), o.vms(), o.hours(), o.parallelism(), o.partitions(), o.checkpointInterval().toMillis(),
                o.allowedLateness() == null ? "" : " --allowed-lateness " + o.allowedLateness().toMinutes() + "m");
    }
}
