package io.peerwatch.bench.parsers;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.RecordNormalizer;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.Parsers;
import io.peerwatch.normalize.parse.RecordParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Records per CPU-second of one thread, per parser and for the whole per-record normalize work: the same
 * loops as the JMH benchmarks, but timed with the thread's CPU time instead of the wall clock, so the figure
 * stays meaningful on a machine shared with other work (JMH's wall-clock throughput drops with the share of a
 * core the thread gets). Usage: {@code ParserCpuRate [seconds-per-format] [format...]}.
 */
public final class ParserCpuRate {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private ParserCpuRate() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        List<String> formats = args.length > 1 ? List.of(args).subList(1, args.length) : Formats.ALL;
        Path fixtures = fixtures();
        NormalizeConfig cfg = NormalizeConfig.builder().syslogDefaultYear(2026).build();
        System.out.printf("%-16s %16s %22s %8s%n", "FORMAT", "parse rec/cpu-s", "normalize rec/cpu-s", "records");
        for (String format : formats) {
            List<RawRecord> all = ParserBenchmark.load(format, fixtures);
            RecordParser check = Parsers.create(format, cfg);
            List<RawRecord> good = new ArrayList<>();
            for (RawRecord r : all) {
                try {
                    check.parse(r);
                    good.add(r);
                } catch (ParseException e) {
                    // deliberately bad fixture lines are not part of the figure
                }
            }
            RawRecord[] recs = good.toArray(new RawRecord[0]);
            double parse = rate(recs, seconds, () -> {
                RecordParser p = Parsers.create(format, cfg);
                return r -> {
                    try {
                        return p.parse(r);
                    } catch (ParseException e) {
                        return e;
                    }
                };
            });
            double normalize = rate(recs, seconds, () -> {
                RecordNormalizer n = new RecordNormalizer(cfg);
                return n::normalize;
            });
            System.out.printf("%-16s %16.0f %22.0f %8d%n", format, parse, normalize, recs.length);
        }
    }

    interface Work {
        Object apply(RawRecord r);
    }

    interface WorkFactory {
        Work create();
    }

    /** Warms up for {@code seconds} of CPU, then measures records per CPU-second over another {@code seconds}. */
    private static double rate(RawRecord[] recs, double seconds, WorkFactory factory) {
        Work w = factory.create();
        long budget = (long) (seconds * 1e9);
        long sink = 0;
        long start = CPU.getCurrentThreadCpuTime();
        int i = 0;
        while (CPU.getCurrentThreadCpuTime() - start < budget) {
            for (int k = 0; k < 1000; k++) {
                sink += w.apply(recs[i]).hashCode() & 1;
                i = i + 1 == recs.length ? 0 : i + 1;
            }
        }
        long n = 0;
        start = CPU.getCurrentThreadCpuTime();
        long used;
        while ((used = CPU.getCurrentThreadCpuTime() - start) < budget) {
            for (int k = 0; k < 1000; k++) {
                sink += w.apply(recs[i]).hashCode() & 1;
                i = i + 1 == recs.length ? 0 : i + 1;
            }
            n += 1000;
        }
        if (sink == 42) System.out.print(""); // keeps the results alive
        return n / (used / 1e9);
    }

    private static Path fixtures() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 6 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("jobs/normalize/src/test/resources/fixtures");
            if (Files.isDirectory(candidate)) return candidate;
        }
        throw new IllegalStateException("run from the repository root (jobs/normalize/src/test/resources/fixtures)");
    }
}
