package io.peerwatch.normalize;

import io.peerwatch.common.Formats;
import io.peerwatch.common.Hashing;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.Origin;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.Parsers;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.parse.SourceStateful;
import io.peerwatch.normalize.parsers.hostlog.Times;
import io.peerwatch.schema.DeadLetter;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.SourceRef;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificData;

/**
 * Guard → parser → envelope for one raw record at a time, without Flink: the core of the normalize operator,
 * usable by tools and benchmarks. Never throws for any input: the result is events, a skip with its reason, or
 * a dead letter ({@code ParserFailure} for unchecked exceptions, which always mean a parser bug). Keeps one
 * parser per FORMAT (parsers hold per-source state), so one instance serves one ordered stream.
 */
public final class RecordNormalizer {
    /** A parser threw something other than ParseException: a bug, kept as a dead letter for replay. */
    public static final String PARSER_FAILURE = "ParserFailure";
    /** The record names a FORMAT no parser exists for. */
    public static final String UNKNOWN_FORMAT = "UnknownFormat";
    /** The parser's output does not fit the NormalizedEvent schema (a parser bug caught before the sink). */
    public static final String INVALID_EVENT = "InvalidEvent";
    static final int MAX_MESSAGE_CHARS = 1000;

    /** Exactly one of: events (non-empty), skipReason, deadLetter. */
    public record Result(List<NormalizedEvent> events, String skipReason, DeadLetter deadLetter) {
        public boolean normalized() { return !events.isEmpty(); }

        public boolean skipped() { return skipReason != null; }

        public boolean deadLettered() { return deadLetter != null; }
    }

    private final NormalizeConfig cfg;
    private final Function<String, RecordParser> factory;
    private final Map<String, RecordParser> parsers = new HashMap<>();
    /** Which parallel instance this normalizer serves ({@link SourceStateful#instance}). */
    private int subtask;
    private int parallelism = 1;

    public RecordNormalizer(NormalizeConfig cfg) {
        this(cfg, format -> Parsers.create(format, cfg));
    }

    /** With another parser factory (tests: parsers with bugs). */
    RecordNormalizer(NormalizeConfig cfg, Function<String, RecordParser> factory) {
        this.cfg = cfg;
        this.factory = factory;
    }

    /**
     * Tells the parsers which of the operator's parallel subtasks this normalizer serves (before
     * {@link #restoreSourceState}), so state only one subtask may act on after a restore is taken over by that
     * one ({@link SourceStateful#instance}). Without it: subtask 0 of 1.
     */
    public RecordNormalizer forSubtask(int index, int count) {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("subtask " + index + " of " + count);
        }
        this.subtask = index;
        this.parallelism = count;
        parsers.values().forEach(p -> {
            if (p instanceof SourceStateful s) s.instance(index, count);
        });
        return this;
    }

    private RecordParser parser(String format) {
        return parsers.computeIfAbsent(format, f -> {
            RecordParser p = factory.apply(f);
            if (p instanceof SourceStateful s) s.instance(subtask, parallelism);
            return p;
        });
    }

    /** The FORMAT a record is counted under ("unknown" when it names none). */
    public static String formatOf(RawRecord raw) {
        return raw.format == null ? "unknown" : raw.format;
    }

    public Result normalize(RawRecord raw) {
        String format = formatOf(raw);
        byte[] bytes = raw.bytes == null ? new byte[0] : raw.bytes;
        String rawSha256 = Hashing.sha256Hex(bytes);
        try {
            return attempt(format, raw, bytes, rawSha256);
        } catch (ParseException e) {
            return dead(raw, format, bytes, rawSha256, e.errorClass(), e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return dead(raw, format, bytes, rawSha256, PARSER_FAILURE, e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private Result attempt(String format, RawRecord raw, byte[] bytes, String rawSha256) throws ParseException {
        if (!Formats.isKnown(format)) throw new ParseException(UNKNOWN_FORMAT, "no parser for FORMAT '" + format + "'");
        byte[] content = RecordGuard.check(format, bytes, cfg.maxRecordBytes());
        RecordParser parser = parser(format);
        RawRecord toParse = content == raw.bytes ? raw : raw.withBytes(content);
        ParseOutcome outcome = parser.parse(toParse, new Origin(raw, rawSha256));
        if (outcome == null) throw new IllegalStateException("parser returned no outcome");
        if (outcome.skipped()) return new Result(List.of(), outcome.skipReason(), null);
        if (outcome.events() == null || outcome.events().isEmpty()) {
            throw new IllegalStateException("parser returned neither events nor a skip reason");
        }
        List<NormalizedEvent> events = new ArrayList<>(outcome.events().size());
        Map<Origin, Integer> indexes = new IdentityHashMap<>();
        int own = 0;
        for (Parsed p : outcome.events()) {
            if (p == null) throw new ParseException(INVALID_EVENT, "parser returned an event without body");
            if (p.origin() == null) {
                events.add(envelope(format, p, raw.sourceRef(), rawSha256, own++));
            } else {
                int index = indexes.merge(p.origin(), 1, Integer::sum) - 1;
                events.add(envelope(format, p, p.origin().source(), p.origin().rawSha256(), index));
            }
        }
        return new Result(events, null, null);
    }

    /** Id, source, hash, scope around one parsed body; checked against the schema so the sink never fails on it. */
    private NormalizedEvent envelope(String format, Parsed p, SourceRef source, String rawSha256, int index) throws ParseException {
        if (p.body() == null) throw new ParseException(INVALID_EVENT, "parser returned an event without body");
        Times.checkRange(p.eventTime(), "event time");
        String scope = p.networkScope() == null || p.networkScope().isBlank() ? cfg.defaultNetworkScope() : p.networkScope();
        NormalizedEvent ev = new NormalizedEvent(Hashing.eventId(source, rawSha256, index), format, source, rawSha256,
                p.eventTime(), scope, p.sensor(), p.body());
        // a null in a non-null field would fail the Kafka sink and restart the job forever: catch it here
        if (!SpecificData.get().validate(NormalizedEvent.getClassSchema(), ev)) {
            throw new ParseException(INVALID_EVENT, "parser output does not match the schema: " + bounded(String.valueOf(p.body())));
        }
        return ev;
    }

    /** What {@link #flush()} gives: events held back until the end of the input, and dead letters for any that failed. */
    public record Flushed(List<NormalizedEvent> events, List<DeadLetter> deadLetters) {}

    /**
     * End of the input: asks every parser for the events it still holds (an auditd event whose last lines never
     * came) and wraps them like {@link #normalize}. Their records were already counted (as partial skips); an
     * event that fails the envelope becomes a dead letter of its origin record, and a parser that throws a dead
     * letter without bytes (source kind "parser"), so a parser bug here is visible too. Never throws.
     */
    public Flushed flush() {
        List<NormalizedEvent> events = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        for (Map.Entry<String, RecordParser> e : new java.util.TreeMap<>(parsers).entrySet()) {
            String format = e.getKey();
            List<Parsed> held;
            try {
                held = e.getValue().flush();
            } catch (RuntimeException | StackOverflowError x) {
                dead.add(parserFailure(format, "flush at end of input failed: " + x.getClass().getName() + ": " + x.getMessage()));
                continue;
            }
            if (held == null) continue;
            Map<Origin, Integer> indexes = new IdentityHashMap<>();
            for (Parsed p : held) {
                if (p == null || p.origin() == null) {
                    dead.add(parserFailure(format, "flush returned an event without origin record"));
                    continue;
                }
                RawRecord origin = p.origin().record();
                byte[] bytes = origin.bytes == null ? new byte[0] : origin.bytes;
                try {
                    int index = indexes.merge(p.origin(), 1, Integer::sum) - 1;
                    events.add(envelope(format, p, p.origin().source(), p.origin().rawSha256(), index));
                } catch (ParseException x) {
                    dead.add(dead(origin, format, bytes, p.origin().rawSha256(), x.errorClass(), x.getMessage()).deadLetter());
                } catch (RuntimeException x) {
                    dead.add(dead(origin, format, bytes, p.origin().rawSha256(), PARSER_FAILURE,
                            x.getClass().getName() + ": " + x.getMessage()).deadLetter());
                }
            }
        }
        return new Flushed(events, dead);
    }

    private static DeadLetter parserFailure(String format, String message) {
        byte[] none = new byte[0];
        return new DeadLetter(format, new SourceRef("parser", format, -1, -1L, -1L), ByteBuffer.wrap(none),
                Hashing.sha256Hex(none), PARSER_FAILURE, bounded(message), 0L);
    }

    private static Result dead(RawRecord raw, String format, byte[] bytes, String rawSha256, String errorClass, String message) {
        SourceRef source = new SourceRef(String.valueOf(raw.sourceKind), String.valueOf(raw.sourceName), raw.partition,
                raw.offset, raw.line);
        DeadLetter d = new DeadLetter(format, source, ByteBuffer.wrap(bytes), rawSha256,
                errorClass == null ? PARSER_FAILURE : errorClass, bounded(message == null ? "" : message), raw.sourceTimestamp);
        return new Result(List.of(), null, d);
    }

    /**
     * The per-source state of every parser that has some ({@link SourceStateful}), one entry per source for
     * Flink operator state: {@code <len>:<format><len>:<source><state>} (lengths make any character safe).
     */
    public List<String> snapshotSourceState() {
        List<String> out = new ArrayList<>();
        parsers.forEach((format, parser) -> {
            if (parser instanceof SourceStateful s) {
                s.snapshotSources().forEach((source, state) ->
                        out.add(format.length() + ":" + format + source.length() + ":" + source + state));
            }
        });
        return out;
    }

    /** Gives entries of {@link #snapshotSourceState()} (from any subtask) back to the parsers of their formats. */
    public void restoreSourceState(Iterable<String> entries) {
        Map<String, Map<String, String>> byFormat = new HashMap<>();
        for (String e : entries) {
            int[] at = {0};
            String format = lengthPrefixed(e, at);
            String source = format == null ? null : lengthPrefixed(e, at);
            if (source == null) continue; // not written by this version: nothing to restore from it
            byFormat.computeIfAbsent(format, f -> new java.util.LinkedHashMap<>()).put(source, e.substring(at[0]));
        }
        byFormat.forEach((format, states) -> {
            if (!Formats.isKnown(format)) return;
            if (parser(format) instanceof SourceStateful s) s.restoreSources(states);
        });
    }

    private static String lengthPrefixed(String s, int[] at) {
        int colon = s.indexOf(':', at[0]);
        if (colon <= at[0]) return null;
        int len;
        try {
            len = Integer.parseInt(s.substring(at[0], colon));
        } catch (NumberFormatException e) {
            return null;
        }
        if (len < 0 || colon + 1 + len > s.length()) return null;
        at[0] = colon + 1 + len;
        return s.substring(colon + 1, colon + 1 + len);
    }

    static String bounded(String s) {
        return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
}
