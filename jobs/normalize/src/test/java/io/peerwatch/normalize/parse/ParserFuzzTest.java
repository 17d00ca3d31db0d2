package io.peerwatch.normalize.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parsers.hostlog.Times;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.SourceRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input at every parser of {@link Parsers#create}: random bytes, truncated and mutated real records,
 * huge numbers, deep nesting, NaN, wrong JSON types, entity bombs. A parser may succeed or throw
 * {@link ParseException}; nothing else may escape, and what it returns must fit the NormalizedEvent schema.
 * Fixed seed per format, so a failure reproduces.
 */
class ParserFuzzTest {
    private static final int CASES_PER_PARSER = 2000;
    private static final String[] TOKENS = {
        "\"", "{", "}", "[", "]", ",", ":", "\t", " ", "-", "NaN", "-Infinity", "1e999", "-1", "0", "null", "true",
        "\"\\u0000\"", "99999999999999999999999999", "18446744073709551616", "-9223372036854775808", "1.5", "\\x", "\\",
        "(empty)", "#fields", "#separator \\x09", "<", ">", "</", "&amp;", "&x;", "]]>", "%", "=", "'", "\u00ff",
        "\uD83D\uDE00", "::", "::ffff:1.2.3.4", "256.1.1.1", "fe80::1%eth0", "type=SYSCALL", "msg=audit(", "DHCPACK(",
        "2026-11-02T00:00:00Z", "9999-99-99T99:99:99Z", "1793577630.5", "4102444800", "\"\"", "{}", "[]"
    };

    static Stream<String> formats() { return Formats.ALL.stream(); }

    @ParameterizedTest
    @MethodSource("formats")
    void hostileInputGivesOnlyEventsSkipsOrParseExceptions(String format) {
        NormalizeConfig cfg = NormalizeConfig.builder().syslogDefaultYear(2026).build();
        RecordParser parser = Parsers.create(format, cfg);
        assertThat(parser.format()).isEqualTo(format);
        Random rnd = new Random(0x5eed_0000L + format.hashCode());
        List<byte[]> seeds = seeds(format);
        List<byte[]> cases = new ArrayList<>(fixedCases());
        for (int i = 0; i < CASES_PER_PARSER; i++) cases.add(generate(rnd, seeds));
        int ok = 0;
        int rejected = 0;
        for (int i = 0; i < cases.size(); i++) {
            byte[] input = cases.get(i);
            // vary sources so per-source state (headers, assembly) sees interleaved sources too
            RawRecord raw = i % 3 == 0
                    ? RawRecord.fromKafka(format, "raw." + format, i % 2, i, 0L, input)
                    : RawRecord.fromFile(format, "fuzz-" + (i % 4) + ".log", i + 1, 0L, input);
            try {
                ParseOutcome outcome = parser.parse(raw);
                assertWellFormed(format, outcome, input);
                ok++;
            } catch (ParseException e) {
                assertThat(e.errorClass()).as("error class of %s", e.getMessage()).isNotBlank();
                rejected++;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError(format + " parser threw " + e + " for input (base64) "
                        + java.util.Base64.getEncoder().encodeToString(input), e);
            }
        }
        assertThat(ok + rejected).isEqualTo(cases.size());
        assertThat(rejected).as("hostile input must be rejected sometimes").isPositive();
        // whatever the hostile input left behind, the end of the input gives well-formed events with origins
        List<Parsed> held = parser.flush();
        if (!held.isEmpty()) assertWellFormed(format, ParseOutcome.of(held), new byte[0]);
        assertThat(held).allSatisfy(p -> assertThat(p.origin()).as("origin of a held event").isNotNull());
        assertThat(parser.flush()).as("nothing held after the end").isEmpty();
    }

    private static void assertWellFormed(String format, ParseOutcome o, byte[] input) {
        assertThat(o).isNotNull();
        if (o.skipped()) {
            assertThat(o.events()).isEmpty();
            return;
        }
        assertThat(o.events()).as("events or a skip reason").isNotEmpty();
        SourceRef src = new SourceRef("file", "fuzz", -1, -1L, 1L);
        for (Parsed p : o.events()) {
            assertThat(p.body()).isNotNull();
            assertThat(Times.inRange(p.eventTime())).as("event time of %s", p).isTrue();
            NormalizedEvent e = new NormalizedEvent("id", format, src, "sha", p.eventTime(), "scope", p.sensor(), p.body());
            assertThat(SpecificData.get().validate(NormalizedEvent.getClassSchema(), e))
                    .as("%s output fits the schema for input %s", format, new String(input, StandardCharsets.UTF_8)).isTrue();
        }
    }

    private static List<byte[]> fixedCases() {
        List<byte[]> c = new ArrayList<>();
        c.add(new byte[0]);
        c.add(b(" "));
        c.add(b("\t\t"));
        c.add(b("[".repeat(5000)));
        c.add(b("{\"a\":".repeat(5000)));
        c.add(b("{\"a\":" + "[".repeat(3000) + "1" + "]".repeat(3000) + "}"));
        c.add(b("{\"ts\":NaN,\"timestamp\":NaN}"));
        c.add(b("{\"ts\":1e400,\"id.orig_h\":{},\"id.orig_p\":[],\"proto\":7}"));
        c.add(b("{\"event_type\":[\"flow\"],\"src_ip\":{\"a\":1}}"));
        c.add(b("{\"event_type\":\"flow\",\"timestamp\":\"2026-11-02T00:00:00Z\",\"src_ip\":\"1.2.3.4\",\"dest_ip\":\"1.2.3.5\",\"proto\":\"TCP\",\"flow\":{\"bytes_toserver\":1e20}}"));
        c.add(b("{\"" + "k".repeat(2000) + "\":1}"));
        c.add(b("\"just a string\""));
        c.add(b("123"));
        c.add(b("null"));
        c.add(b("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\"><!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
                + "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\"><!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
                + "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\"><!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
                + "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]><domain><name>&lol9;</name></domain>"));
        c.add(b("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><domain type=\"kvm\"><name>&xxe;</name><uuid>&xxe;</uuid></domain>"));
        c.add(b("<domain>" + "<a>".repeat(3000) + "</a>".repeat(3000) + "</domain>"));
        c.add(b("type=SYSCALL msg=audit(1793577630.123:" + "9".repeat(40) + "): arch=c000003e syscall=59 success=yes exit=0 pid=-1"));
        c.add(b("type=EXECVE msg=audit(1793577630.123:77): argc=999999999 a0=\"x\""));
        c.add(b("type=EXECVE msg=audit(1793577630.123:77): argc=2 a0=ZZ a1=" + "41".repeat(3000)));
        c.add(b("Nov  2 00:00:30 hv dnsmasq-dhcp[1]: DHCPACK(virbr0) 999.168.122.45 52:54:00:aa:bb:cc vm"));
        c.add(b("2026-11-02T00:00:30+00:00 hv dnsmasq-dhcp[1]: DHCPACK(virbr0) 192.168.122.45 zz:54:00:aa:bb:cc vm"));
        c.add(b("#separator \\x"));
        c.add(b("#separator \\x09\\x09"));
        c.add(b("#fields"));
        c.add(b("version account-id"));
        c.add(b("2 1 eni - - - - - - - 99999999999999 1 - OK"));
        return c;
    }

    private static byte[] generate(Random rnd, List<byte[]> seeds) {
        int kind = rnd.nextInt(10);
        switch (kind) {
            case 0: { // random bytes
                byte[] b = new byte[rnd.nextInt(300)];
                rnd.nextBytes(b);
                return b;
            }
            case 1: { // random printable text
                StringBuilder sb = new StringBuilder();
                int n = rnd.nextInt(300);
                for (int i = 0; i < n; i++) sb.append((char) (0x20 + rnd.nextInt(0x5f)));
                return b(sb.toString());
            }
            case 2: { // truncated real record
                byte[] s = pick(rnd, seeds);
                return Arrays.copyOf(s, s.length == 0 ? 0 : rnd.nextInt(s.length));
            }
            case 3: { // token soup from tokens
                StringBuilder sb = new StringBuilder();
                int n = 1 + rnd.nextInt(40);
                for (int i = 0; i < n; i++) sb.append(TOKENS[rnd.nextInt(TOKENS.length)]);
                return b(sb.toString());
            }
            case 4: // numbers replaced by huge or odd ones
                return b(new String(pick(rnd, seeds), StandardCharsets.UTF_8).replaceAll("[0-9]+",
                        TOKENS[18 + rnd.nextInt(5)].replace("\"", "")));
            default: { // mutated real record: flips, inserts, deletes, duplicates
                byte[] s = pick(rnd, seeds);
                String text = new String(s, StandardCharsets.UTF_8);
                int edits = 1 + rnd.nextInt(4);
                for (int e = 0; e < edits; e++) text = mutate(rnd, text);
                byte[] out = b(text);
                if (rnd.nextInt(8) == 0 && out.length > 0) out[rnd.nextInt(out.length)] = (byte) rnd.nextInt(256);
                return out;
            }
        }
    }

    private static String mutate(Random rnd, String text) {
        if (text.isEmpty()) return TOKENS[rnd.nextInt(TOKENS.length)];
        int at = rnd.nextInt(text.length());
        return switch (rnd.nextInt(5)) {
            case 0 -> text.substring(0, at) + TOKENS[rnd.nextInt(TOKENS.length)] + text.substring(at);
            case 1 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + rnd.nextInt(20)));
            case 2 -> text.substring(0, at) + TOKENS[rnd.nextInt(TOKENS.length)] + text.substring(Math.min(text.length(), at + 1 + rnd.nextInt(8)));
            case 3 -> text + text.substring(at);
            default -> { // swap a quoted value's type: "x" -> 123 / {} / [] / null
                int q = text.indexOf(":\"", at);
                if (q < 0) yield text.substring(0, at) + "{}" + text.substring(at);
                int end = text.indexOf('"', q + 2);
                if (end < 0) yield text;
                String[] repl = {"123", "{}", "[]", "null", "true", "-5", "1.5e3", "[\"a\",1]"};
                yield text.substring(0, q + 1) + repl[rnd.nextInt(repl.length)] + text.substring(end + 1);
            }
        };
    }

    /** Real records of this format (fixtures), with a few of every other format: cross-format input is hostile too. */
    private static List<byte[]> seeds(String format) {
        List<byte[]> own = fixtureRecords(format);
        List<byte[]> all = new ArrayList<>(own);
        for (String other : Formats.ALL) {
            if (other.equals(format)) continue;
            List<byte[]> o = fixtureRecords(other);
            all.addAll(o.subList(0, Math.min(3, o.size())));
        }
        // own records are 3/4 of the picks
        List<byte[]> weighted = new ArrayList<>(all);
        for (int i = 0; i < 3; i++) weighted.addAll(own);
        if (weighted.isEmpty()) weighted.add(b("{}"));
        return weighted;
    }

    private static List<byte[]> fixtureRecords(String format) {
        Path dir;
        try {
            var url = ParserFuzzTest.class.getResource("/fixtures/" + format);
            if (url == null) return List.of();
            dir = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                for (RawRecord r : Records.read(format, f)) out.add(r.bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static byte[] pick(Random rnd, List<byte[]> seeds) { return seeds.get(rnd.nextInt(seeds.size())); }

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
