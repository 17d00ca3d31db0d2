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
}
