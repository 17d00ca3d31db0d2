package io.peerwatch.bench.parsers;

import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.RecordNormalizer;
import io.peerwatch.schema.NormalizedEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
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
 * Single-thread records/s of the whole per-record work of the normalize operator, without Flink and Kafka:
 * guard (size, UTF-8, control characters) + parse + envelope (SHA-256 of the raw bytes, event id, schema check)
 * + Avro binary encoding of the events. The gap to {@link ParserBenchmark} is the envelope's cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class NormalizeRecordBenchmark {
    @Param({""})
    public String fixtures;

    @Param({"zeek-conn", "suricata-eve", "aws-vpc-flow", "goflow2"})
    public String format;

    private RecordNormalizer normalizer;
    private RawRecord[] records;
    private int next;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    private final SpecificDatumWriter<NormalizedEvent> writer = new SpecificDatumWriter<>(NormalizedEvent.class);
    private BinaryEncoder encoder;

    @Setup(Level.Trial)
    public void setUp() {
        Path dir = fixtures.isEmpty() ? findFixtures() : Path.of(fixtures);
        List<RawRecord> all = ParserBenchmark.load(format, dir.toAbsolutePath());
        RecordNormalizer check = new RecordNormalizer(NormalizeConfig.defaults());
        records = all.stream().filter(r -> !check.normalize(r).deadLettered()).toArray(RawRecord[]::new);
        if (records.length == 0) throw new IllegalStateException("no good records for " + format);
        normalizer = new RecordNormalizer(NormalizeConfig.defaults());
    }

    @Benchmark
    public int normalizeAndEncode() {
        RawRecord r = records[next];
        next = next + 1 == records.length ? 0 : next + 1;
        RecordNormalizer.Result result = normalizer.normalize(r);
        int bytes = 0;
        for (NormalizedEvent e : result.events()) {
            out.reset();
            encoder = EncoderFactory.get().binaryEncoder(out, encoder);
            try {
                writer.write(e, encoder);
                encoder.flush();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            bytes += out.size();
        }
        return bytes;
    }

    private static Path findFixtures() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 6 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("jobs/normalize/src/test/resources/fixtures");
            if (Files.isDirectory(candidate)) return candidate;
        }
        throw new IllegalStateException("cannot find jobs/normalize/src/test/resources/fixtures; pass -p fixtures=DIR");
    }
}
