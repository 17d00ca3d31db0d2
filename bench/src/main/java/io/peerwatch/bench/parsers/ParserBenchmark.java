package io.peerwatch.bench.parsers;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.common.io.RawFiles;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsers;
import io.peerwatch.normalize.parse.RecordParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread records/s of each FORMAT's parser (ops/s = records/s) over realistic records: the parser test
 * fixtures ({@code jobs/normalize/src/test/resources/fixtures/<format>/}) plus, for the formats it has, the
 * development data set ({@code ../shared/datasets/dev/<format>/}), replayed in file order so stateful parsers
 * (headers, auditd assembly) see what they see in production. Records a parser rejects (the fixtures hold a few
 * deliberately bad ones) are left out, so the rate is that of good input. Target: >= 300k records/s each.
 *
 * <p>Run (from the repository root): see bench/README or jobs/normalize/README.md, "Performance".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class ParserBenchmark {
    /** Directory holding one folder of fixtures per FORMAT; found from the working directory when empty. */
    @Param({""})
    public String fixtures;

    @Param({"zeek-conn", "suricata-eve", "aws-vpc-flow", "goflow2", "zeek-dns", "zeek-http", "zeek-ssl",
            "dnsmasq-dhcp", "libvirt-leases", "libvirt-domxml", "libvirt-event", "openstack-nova", "vcenter-event",
            "inventory", "sysmon", "auditd"})
    public String format;

    private RecordParser parser;
    private RawRecord[] records;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        NormalizeConfig cfg = NormalizeConfig.builder().syslogDefaultYear(2026).build();
        List<RawRecord> all = load(format, fixturesDir());
        // keep the records this parser accepts (events or skips), in order, with a fresh parser for the check
        RecordParser check = Parsers.create(format, cfg);
        List<RawRecord> good = new ArrayList<>();
        for (RawRecord r : all) {
            try {
                check.parse(r);
                good.add(r);
            } catch (ParseException e) {
                // deliberately bad fixture lines are not part of the throughput figure
            }
        }
        if (good.isEmpty()) throw new IllegalStateException("no parseable records for " + format);
        records = good.toArray(new RawRecord[0]);
        parser = Parsers.create(format, cfg);
    }

    @Benchmark
    public Object parse() {
        RawRecord r = records[next];
        next = next + 1 == records.length ? 0 : next + 1;
        try {
            ParseOutcome o = parser.parse(r);
            return o;
        } catch (ParseException e) {
            return e;
        }
    }

    /** Every record of the fixtures (and dev data) of {@code format}. */
    static List<RawRecord> load(String format, Path fixtures) {
        List<RawRecord> out = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        dirs.add(fixtures.resolve(format));
        for (Path up = fixtures; up != null; up = up.getParent()) {
            Path dev = up.resolve("shared/datasets/dev");
            if (Files.isDirectory(dev)) {
                dirs.add(dev.resolve(format));
                break;
            }
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    RawFiles.read(format, f, NormalizeConfig.DEFAULT_MAX_RECORD_BYTES, out::add);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private Path fixturesDir() {
        if (!fixtures.isEmpty()) return Path.of(fixtures).toAbsolutePath();
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 6 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("jobs/normalize/src/test/resources/fixtures");
            if (Files.isDirectory(candidate)) return candidate;
        }
        throw new IllegalStateException("cannot find jobs/normalize/src/test/resources/fixtures; pass -p fixtures=DIR");
    }

    /** Formats covered: all of them (a check that the @Param list above stays complete). */
    static List<String> formats() { return Formats.ALL; }
}
