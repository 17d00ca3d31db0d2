package io.peerwatch.normalize.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.ProcessStart;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditdParserTest {
    private static final String F = Formats.AUDITD;
    private final AuditdParser parser = new AuditdParser(NormalizeConfig.defaults());

    private static ProcessStart body(Parsed p) {
        return (ProcessStart) p.body();
    }

    /** Outcome per line, in order: "event" or the skip reason. */
    private List<String> outcomes(List<RawRecord> records, List<Parsed> events) throws ParseException {
        List<String> out = new ArrayList<>();
        for (RawRecord r : records) {
            ParseOutcome o = parser.parse(r);
            if (o.skipped()) {
                out.add(o.skipReason());
            } else {
                out.add("event");
                events.addAll(o.events());
            }
        }
        return out;
    }

    @Test
    void recordsOfOneEventAreAssembledIntoOneProcessStart() throws ParseException {
        List<RawRecord> records = Records.read(F, Records.fixture(F, "audit.log"));
        List<Parsed> events = new ArrayList<>();
        List<String> outcomes = outcomes(records, events);
        assertThat(outcomes).hasSize(records.size());
        assertThat(outcomes.subList(0, 7)).containsExactly(
                "partial: assembled into audit event 88121", "partial: assembled into audit event 88121",
                "partial: assembled into audit event 88121", "partial: assembled into audit event 88121",
                "partial: assembled into audit event 88121", "event",
                "partial: assembled into audit event 88121 (already emitted)");
        assertThat(outcomes.get(7)).isEqualTo("not part of an execve event: USER_START record");
        assertThat(outcomes.get(11)).isEqualTo("not a successful execve: audit event 88123");
        assertThat(events).extracting(p -> body(p).getImage()).containsExactly(
                "/usr/bin/curl", "/opt/my tools/python3", "/usr/bin/wget", "/usr/bin/transmission-daemon");

        Parsed curl = events.get(0);
        assertThat(curl.eventTime()).isEqualTo(1793611200117L);
        ProcessStart c = body(curl);
        assertThat(c.getCommandLine()).as("hex argument decoded and quoted").isEqualTo("curl -o '/tmp/my download.bin' http://203.0.113.8/x.bin");
        assertThat(c.getPid()).isEqualTo(40177L);
        assertThat(c.getPpid()).isEqualTo(40112L);
        assertThat(c.getUser()).isEqualTo("1000");
        assertThat(c.getLoginUser()).isEqualTo("1000");
        assertThat(c.getHostname()).isNull();
    }

    @Test
    void longArgumentChunksAcrossExecveRecordsAreJoined() throws ParseException {
        List<Parsed> events = new ArrayList<>();
        outcomes(Records.read(F, Records.fixture(F, "audit.log")), events);
        ProcessStart py = body(events.get(1));
        assertThat(py.getCommandLine()).isEqualTo(
                "python3 'import socket\\x0afor p in range(6881, 6890):\\x0a    print(p)\\x0a' --verbose");
    }

    @Test
    void eventWhoseLastRecordsNeverCameIsEmittedWhenTheNextEventStarts() throws ParseException {
        List<RawRecord> records = Records.read(F, Records.fixture(F, "audit.log"));
        List<Parsed> events = new ArrayList<>();
        List<String> outcomes = outcomes(records, events);
        int wget = 22; // the first record of event 88126 (0-based line index)
        assertThat(records.get(wget).bytes).asString().contains("88126");
        assertThat(outcomes.get(wget)).isEqualTo("event");
        assertThat(body(events.get(2)).getCommandLine()).isEqualTo("wget http://198.51.100.5/a.torrent");
        assertThat(events.get(2).eventTime()).as("the event's own time").isEqualTo(1793611215000L);
    }

    @Test
    void enrichedFormatGivesUserNamesAndNodeGivesHost() throws ParseException {
        List<Parsed> events = new ArrayList<>();
        outcomes(Records.read(F, Records.fixture(F, "audit.log")), events);
        Parsed p = events.get(3);
        assertThat(p.sensor()).isEqualTo("vm-web-01");
        ProcessStart t = body(p);
        assertThat(t.getHostname()).isEqualTo("vm-web-01");
        assertThat(t.getUser()).isEqualTo("root");
        assertThat(t.getLoginUser()).isEqualTo("dev");
        assertThat(t.getCommandLine()).isEqualTo("transmission-daemon -g /var/lib/transmission");
    }

    @Test
    void interleavedEventsAreStillAssembledCorrectly() throws ParseException {
        List<Parsed> events = new ArrayList<>();
        List<String> outcomes = outcomes(Records.read(F, Records.fixture(F, "interleaved.log")), events);
        assertThat(events).extracting(p -> body(p).getImage()).containsExactly("/usr/bin/ls", "/usr/bin/aria2c");
        assertThat(body(events.get(1)).getCommandLine()).startsWith("aria2c magnet:?xt=urn:btih:");
        assertThat(outcomes.get(6)).endsWith("(already emitted)");
    }

    @Test
    void stateReturnsToZeroAfterCompleteEvents() throws ParseException {
        outcomes(Records.read(F, Records.fixture(F, "audit.log")), new ArrayList<>());
        assertThat(parser.openEvents()).isZero();
        assertThat(parser.bufferedBytes()).isZero();
    }

    @Test
    void proctitleIsTheCommandLineWhenThereAreNoExecveArguments() throws ParseException {
        String hex = "2F62696E2F7368002D63006563686F206869";
        parser.parse(Records.line(F, "type=SYSCALL msg=audit(1793611400.000:7): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=2 auid=4294967295 uid=0 exe=\"/bin/sh\""));
        parser.parse(Records.line(F, "type=EXECVE msg=audit(1793611400.000:7): argc=3"));
        Parsed p = Records.one(parser, Records.line(F, "type=PROCTITLE msg=audit(1793611400.000:7): proctitle=" + hex));
        assertThat(body(p).getCommandLine()).isEqualTo("/bin/sh -c echo hi");
        assertThat(body(p).getLoginUser()).as("auid unset").isNull();
    }

    @Test
    void stateStaysBoundedUnderManyNodes() throws ParseException {
        int nodes = AuditdParser.MAX_SOURCES + 500;
        int emitted = 0;
        for (int i = 0; i < nodes; i++) {
            String node = "node=n" + i + " ";
            ParseOutcome s = parser.parse(Records.line(F, node + "type=SYSCALL msg=audit(1793611400.000:" + i + "): arch=c000003e syscall=59 success=yes exit=0 pid=" + i + " exe=\"/bin/true\""));
            ParseOutcome e = parser.parse(Records.line(F, node + "type=EXECVE msg=audit(1793611400.000:" + i + "): argc=1 a0=\"true\""));
            for (ParseOutcome o : List.of(s, e)) if (!o.skipped()) emitted += o.events().size();
        }
        assertThat(parser.slotCount()).isLessThanOrEqualTo(AuditdParser.MAX_SOURCES);
        assertThat(emitted).as("evicted open events are emitted, not lost").isEqualTo(nodes - AuditdParser.MAX_SOURCES);
        assertThat(parser.openEvents()).isEqualTo(AuditdParser.MAX_SOURCES);
    }

    @Test
    void aRejectedRecordChangesNoAssemblyState() throws ParseException {
        parser.parse(Records.line(F, "type=SYSCALL msg=audit(1793611400.000:10): arch=c000003e syscall=59 success=yes exit=0 pid=5 exe=\"/usr/bin/rtorrent\""));
        parser.parse(Records.line(F, "type=EXECVE msg=audit(1793611400.000:10): argc=1 a0=\"rtorrent\""));
        long held = parser.bufferedBytes();
        for (String bad : new String[] {"type=EXECVE msg=audit(1793611400.100:11): argc=zz a0=\"x\"",
            "type=PATH msg=audit(1793611400.100:11): item=0 name=\"unterminated"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(Records.line(F, bad))).isInstanceOf(ParseException.class);
        }
        assertThat(parser.bufferedBytes()).isEqualTo(held);
        assertThat(parser.openEvents()).isEqualTo(1);
        Parsed p = Records.one(parser, Records.line(F, "type=SYSCALL msg=audit(1793611401.000:12): arch=c000003e syscall=257 success=yes exit=3 pid=6 exe=\"/usr/bin/cat\""));
        assertThat(body(p).getImage()).isEqualTo("/usr/bin/rtorrent");
        parser.parse(Records.line(F, "type=PROCTITLE msg=audit(1793611401.000:12): proctitle=\"cat\""));
        assertThat(parser.openEvents()).isZero();
        assertThat(parser.bufferedBytes()).isZero();
    }

    @Test
    void badLinesAreErrors() {
        Records.Result r = Records.parseAll(parser, Records.read(F, Records.fixture(F, "bad.log")));
        assertThat(r.events()).isEmpty();
        assertThat(r.errors()).hasSize(5);
        assertThat(r.errors().get(0)).contains(ParseException.MALFORMED);
        assertThat(r.errors().get(1)).contains(ParseException.INVALID_TIMESTAMP);
        assertThat(r.errors().get(2)).contains(ParseException.MALFORMED);
        assertThat(r.errors().get(3)).contains(ParseException.INVALID_TIMESTAMP);
        assertThat(r.errors().get(4)).contains(ParseException.MALFORMED);
    }
}
