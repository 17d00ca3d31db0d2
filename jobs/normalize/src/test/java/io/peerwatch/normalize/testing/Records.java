package io.peerwatch.normalize.testing;

import io.peerwatch.common.RawRecord;
import io.peerwatch.common.io.RawFiles;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.RecordParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test helpers: raw records from strings, fixture files and the shared dev data set. */
public final class Records {
    private Records() {}

    public static RawRecord line(String format, String text) {
        return line(format, "test.log", 1, text);
    }

    public static RawRecord line(String format, String source, long lineNo, String text) {
        return RawRecord.fromFile(format, source, lineNo, 0L, text.getBytes(StandardCharsets.UTF_8));
    }

    public static RawRecord kafka(String format, String topic, int partition, long offset, String text) {
        return RawRecord.fromKafka(format, topic, partition, offset, 0L, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A fixture file under src/test/resources/fixtures/<format>/<name>. */
    public static Path fixture(String format, String name) {
        URL url = Records.class.getResource("/fixtures/" + format + "/" + name);
        if (url == null) throw new IllegalArgumentException("no fixture " + format + "/" + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record of a file as the file reader would give it to the normalizer. */
    public static List<RawRecord> read(String format, Path file) {
        List<RawRecord> out = new ArrayList<>();
        try {
            RawFiles.read(format, file, NormalizeConfig.DEFAULT_MAX_RECORD_BYTES, out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The shared development data set (../shared/datasets/dev beside the repository), when present. */
    public static Optional<Path> devData() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 6 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/datasets/dev");
            if (Files.isDirectory(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** Parses and expects exactly one event. */
    public static Parsed one(RecordParser p, RawRecord r) throws ParseException {
        ParseOutcome o = p.parse(r);
        if (o.skipped() || o.events().size() != 1) throw new AssertionError("expected one event, got " + o);
        return o.events().get(0);
    }

    /** Outcome of every record: events, skips, and dead-letter error classes, in order. */
    public record Result(List<Parsed> events, List<String> skips, List<String> errors) {}

    public static Result parseAll(RecordParser p, List<RawRecord> records) {
        List<Parsed> events = new ArrayList<>();
        List<String> skips = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (RawRecord r : records) {
            try {
                ParseOutcome o = p.parse(r);
                if (o.skipped()) skips.add(o.skipReason());
                else events.addAll(o.events());
            } catch (ParseException e) {
                errors.add(r.coordinates() + " " + e.errorClass() + ": " + e.getMessage());
            }
        }
        return new Result(events, skips, errors);
    }
}
