package io.peerwatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.common.Hashing;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.NormalizedEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordNormalizerTest {
    private static final NormalizeConfig CFG = NormalizeConfig.defaults();
    private static final long T = 1793577630000L;

    /** A parser with a bug chosen by the record's text. */
    private static final class BuggyParser implements RecordParser {
        @Override
        public String format() { return Formats.ZEEK_CONN; }

        @Override
        public ParseOutcome parse(RawRecord raw) throws ParseException {
            String s = new String(raw.bytes, StandardCharsets.UTF_8);
            return switch (s) {
                case "npe" -> throw new NullPointerException("oops");
                case "overflow" -> throw new StackOverflowError();
                case "null-outcome" -> null;
                case "empty" -> ParseOutcome.of(List.of());
                case "null-field" -> ParseOutcome.of(new Parsed(T, null, null, new NetworkFlow()));
                case "bad-time" -> ParseOutcome.of(new Parsed(42L, null, null, flow()));
                case "two" -> ParseOutcome.of(List.of(new Parsed(T, "br0", "s1", flow()), new Parsed(T + 1, null, null, flow())));
                default -> throw new ParseException(ParseException.MALFORMED, "no");
            };
        }
    }

    private static NetworkFlow flow() {
        return new NetworkFlow("tcp", "10.0.0.1", 1, "10.0.0.2", 2, T, T, 0L, 0L, 0L, 0L, null, null, null, null, null, null, null);
    }

    private static RecordNormalizer.Result run(String text) {
        return new RecordNormalizer(CFG, f -> new BuggyParser()).normalize(Records.kafka(Formats.ZEEK_CONN, "raw", 3, 77, text));
    }

    @Test
    void parserBugsBecomeDeadLettersWithTheOriginalBytes() {
        for (String bug : List.of("npe", "overflow", "null-outcome", "empty")) {
            RecordNormalizer.Result r = run(bug);
            assertThat(r.deadLettered()).as(bug).isTrue();
            assertThat(r.deadLetter().getErrorClass()).isEqualTo(RecordNormalizer.PARSER_FAILURE);
            assertThat(StandardCharsets.UTF_8.decode(r.deadLetter().getOriginalBytes()).toString()).isEqualTo(bug);
            assertThat(r.deadLetter().getSource().getOffset()).isEqualTo(77L);
            assertThat(r.deadLetter().getSource().getPartition()).isEqualTo(3);
        }
        assertThat(run("npe").deadLetter().getMessage()).contains("NullPointerException").contains("oops");
    }

    @Test
    void eventsThatDoNotFitTheSchemaOrTheTimeRangeAreDeadLettered() {
        assertThat(run("null-field").deadLetter().getErrorClass()).isEqualTo(RecordNormalizer.INVALID_EVENT);
        assertThat(run("bad-time").deadLetter().getErrorClass()).isEqualTo(ParseException.INVALID_TIMESTAMP);
        assertThat(run("whatever").deadLetter().getErrorClass()).isEqualTo(ParseException.MALFORMED);
    }

    @Test
    void severalEventsOfOneRecordGetDistinctStableIdsAndTheDefaultScope() {
        RecordNormalizer.Result r = run("two");
        assertThat(r.events()).hasSize(2);
        NormalizedEvent a = r.events().get(0);
        NormalizedEvent b = r.events().get(1);
        String sha = Hashing.sha256Hex("two".getBytes(StandardCharsets.UTF_8));
        assertThat(a.getRawSha256()).isEqualTo(sha);
        assertThat(a.getEventId()).isEqualTo(Hashing.eventId(a.getSource(), sha, 0)).isNotEqualTo(b.getEventId());
        assertThat(b.getEventId()).isEqualTo(Hashing.eventId(a.getSource(), sha, 1));
        assertThat(a.getNetworkScope()).isEqualTo("br0");
        assertThat(a.getSensor()).isEqualTo("s1");
        assertThat(b.getNetworkScope()).isEqualTo(NormalizeConfig.DEFAULT_NETWORK_SCOPE);
        assertThat(run("two").events().get(0).getEventId()).as("same record, same id").isEqualTo(a.getEventId());
    }

    @Test
    void unknownFormatsAndEmptyRecordsAreDeadLettersNotCrashes() {
        RawRecord unknown = Records.line("no-such-format", "{}");
        assertThat(new RecordNormalizer(CFG).normalize(unknown).deadLetter().getErrorClass()).isEqualTo(RecordNormalizer.UNKNOWN_FORMAT);
        RawRecord nullFormat = Records.line(Formats.ZEEK_CONN, "{}");
        nullFormat.format = null;
        assertThat(new RecordNormalizer(CFG).normalize(nullFormat).deadLetter().getFormat()).isEqualTo("unknown");
        RawRecord tombstone = Records.kafka(Formats.ZEEK_CONN, "raw", 0, 1, "");
        assertThat(new RecordNormalizer(CFG).normalize(tombstone).deadLetter().getErrorClass()).isEqualTo(ParseException.MALFORMED);
    }

    @Test
    void anEnrichedAuditdLineIsNormalizedNotDeadLettered() throws Exception {
        RecordNormalizer n = new RecordNormalizer(CFG);
        List<RawRecord> lines = Records.read(Formats.AUDITD, Records.fixture(Formats.AUDITD, "enriched.log"));
        List<NormalizedEvent> events = new java.util.ArrayList<>();
        for (RawRecord r : lines) {
            RecordNormalizer.Result res = n.normalize(r);
            assertThat(res.deadLettered()).as(r.coordinates() + " " + res.deadLetter()).isFalse();
            events.addAll(res.events());
        }
        assertThat(events).hasSize(3);
        RawRecord first = lines.get(2); // the qbittorrent-nox SYSCALL line, with its 0x1D
        assertThat(new String(first.bytes, StandardCharsets.UTF_8)).contains("\u001d");
        NormalizedEvent qb = events.get(0);
        assertThat(((io.peerwatch.schema.ProcessStart) qb.getBody()).getUser()).isEqualTo("alice");
        assertThat(qb.getSource()).as("the event's first line").isEqualTo(first.sourceRef());
        assertThat(qb.getRawSha256()).isEqualTo(Hashing.sha256Hex(first.bytes));
        assertThat(qb.getEventId()).isEqualTo(Hashing.eventId(first.sourceRef(), qb.getRawSha256(), 0));

        RecordNormalizer.Flushed held = n.flush();
        assertThat(held.deadLetters()).isEmpty();
        assertThat(held.events()).hasSize(1);
        NormalizedEvent last = held.events().get(0);
        RawRecord lastFirst = lines.get(lines.size() - 3);
        assertThat(last.getFormat()).isEqualTo(Formats.AUDITD);
        assertThat(last.getSource()).isEqualTo(lastFirst.sourceRef());
        assertThat(last.getRawSha256()).isEqualTo(Hashing.sha256Hex(lastFirst.bytes));
        assertThat(last.getEventId()).isNotIn(events.stream().map(NormalizedEvent::getEventId).toList());
        assertThat(n.flush().events()).as("a second end finds nothing").isEmpty();
    }

    @Test
    void anAssembledEventIsHashedOverItsFirstLineAsItArrived() throws Exception {
        // a Kafka producer left a trailing LF: the guard cuts it for the parser, the hash stays that of the record
        RecordNormalizer n = new RecordNormalizer(CFG);
        RawRecord syscall = Records.kafka(Formats.AUDITD, "raw.auditd", 0, 10,
                "type=SYSCALL msg=audit(1793611400.000:40): arch=c000003e syscall=59 success=yes exit=0 pid=9 uid=0 exe=\"/usr/bin/rtorrent\"\n");
        assertThat(n.normalize(syscall).skipped()).isTrue();
        assertThat(n.normalize(Records.kafka(Formats.AUDITD, "raw.auditd", 0, 11, "type=EXECVE msg=audit(1793611400.000:40): argc=1 a0=\"rtorrent\"")).skipped()).isTrue();
        NormalizedEvent e = n.flush().events().get(0);
        assertThat(e.getRawSha256()).isEqualTo(Hashing.sha256Hex(syscall.bytes));
        assertThat(e.getSource().getOffset()).isEqualTo(10L);
    }

    @Test
    void aParserThatFailsAtTheEndOfInputLeavesADeadLetterNotAnException() {
        RecordParser failing = new RecordParser() {
            @Override
            public String format() { return Formats.ZEEK_CONN; }

            @Override
            public ParseOutcome parse(RawRecord raw) { return ParseOutcome.skip("held"); }

            @Override
            public List<Parsed> flush() { throw new IllegalStateException("bug"); }
        };
        RecordNormalizer n = new RecordNormalizer(CFG, f -> failing);
        n.normalize(Records.kafka(Formats.ZEEK_CONN, "raw", 0, 1, "x"));
        RecordNormalizer.Flushed held = n.flush();
        assertThat(held.events()).isEmpty();
        assertThat(held.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.getErrorClass()).isEqualTo(RecordNormalizer.PARSER_FAILURE);
            assertThat(d.getMessage()).contains("bug");
            assertThat(SpecificDataHolder.valid(d)).isTrue();
        });
    }

    /** Dead letters must fit their schema too (the sink would fail on them otherwise). */
    private static final class SpecificDataHolder {
        static boolean valid(io.peerwatch.schema.DeadLetter d) {
            return org.apache.avro.specific.SpecificData.get().validate(io.peerwatch.schema.DeadLetter.getClassSchema(), d);
        }
    }
}
