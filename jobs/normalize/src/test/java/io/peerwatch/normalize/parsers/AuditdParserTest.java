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

    private static final char GS = 0x1d;

    @Test
    void enrichedLinesGiveNamesWhileRawFieldsStayTheSource() throws ParseException {
        List<RawRecord> records = Records.read(F, Records.fixture(F, "enriched.log"));
        List<Parsed> events = new ArrayList<>();
        List<String> outcomes = outcomes(records, events);
        assertThat(outcomes.get(0)).isEqualTo("not part of an execve event: DAEMON_START record");
        assertThat(outcomes.get(1)).isEqualTo("not part of an execve event: USER_START record");
        assertThat(events).extracting(p -> body(p).getImage())
                .containsExactly("/usr/bin/qbittorrent-nox", "/usr/bin/aria2c", "/usr/bin/curl");

        ProcessStart qb = body(events.get(0));
        assertThat(qb.getUser()).isEqualTo("alice");
        assertThat(qb.getLoginUser()).isEqualTo("alice");
        assertThat(qb.getPid()).as("raw field").isEqualTo(20977L);
        assertThat(qb.getCommandLine()).isEqualTo("qbittorrent-nox --webui-port=8080 -d");
        assertThat(qb.getHostname()).isEqualTo("build-07");

        ProcessStart aria = body(events.get(1));
        assertThat(aria.getUser()).isEqualTo("root");
        assertThat(aria.getLoginUser()).as("a name with a space is hex-encoded by auditd").isEqualTo("j. doe");

        ProcessStart curl = body(events.get(2));
        assertThat(curl.getUser()).as("unknown(1500): the raw uid").isEqualTo("1500");
        assertThat(curl.getLoginUser()).as("auid unset").isNull();
        assertThat(outcomes.subList(outcomes.size() - 3, outcomes.size()))
                .as("the file ends inside an event").allMatch(o -> o.startsWith("partial: assembled into audit event 91710"));
        assertThat(parser.openEvents()).isEqualTo(1);
    }

    @Test
    void flushEmitsTheEventStillOpenAtTheEndOfTheInputAndLeavesNothingHeld() throws ParseException {
        List<RawRecord> records = Records.read(F, Records.fixture(F, "enriched.log"));
        outcomes(records, new ArrayList<>());
        List<Parsed> held = parser.flush();
        assertThat(held).hasSize(1);
        Parsed p = held.get(0);
        assertThat(body(p).getImage()).isEqualTo("/usr/bin/transmission-cli");
        assertThat(body(p).getCommandLine()).isEqualTo("transmission-cli -w /home/alice/Downloads");
        assertThat(body(p).getUser()).isEqualTo("alice");
        assertThat(p.eventTime()).isEqualTo(1793612222731L);
        assertThat(p.origin()).as("attributed to the event's first line").isNotNull();
        RawRecord first = records.get(records.size() - 3);
        assertThat(p.origin().record()).isSameAs(first);
        assertThat(p.origin().rawSha256()).isEqualTo(io.peerwatch.common.Hashing.sha256Hex(first.bytes));
        assertThat(parser.openEvents()).isZero();
        assertThat(parser.bufferedBytes()).isZero();
        assertThat(parser.slotCount()).isZero();
        assertThat(parser.flush()).as("nothing twice").isEmpty();
    }

    @Test
    void flushOfAnEventWithoutExecveGivesNothing() throws ParseException {
        parser.parse(Records.line(F, "type=SYSCALL msg=audit(1793611400.000:30): arch=c000003e syscall=257 success=yes exit=3 pid=5 exe=\"/usr/bin/cat\""));
        parser.parse(Records.line(F, "type=CWD msg=audit(1793611400.000:30): cwd=\"/\""));
        assertThat(parser.openEvents()).isEqualTo(1);
        assertThat(parser.flush()).isEmpty();
        assertThat(parser.openEvents()).isZero();
    }

    @Test
    void anEventIsAttributedToItsFirstRecordWhateverCompletesIt() throws ParseException {
        String syscall = "type=SYSCALL msg=audit(1793611400.000:40): arch=c000003e syscall=59 success=yes exit=0 pid=9 uid=0 exe=\"/usr/bin/rtorrent\"";
        String execve = "type=EXECVE msg=audit(1793611400.000:40): argc=1 a0=\"rtorrent\"";
        RawRecord first = Records.line(F, "a.log", 1, syscall);
        AuditdParser complete = new AuditdParser(NormalizeConfig.defaults());
        complete.parse(first);
        complete.parse(Records.line(F, "a.log", 2, execve));
        Parsed byProctitle = Records.one(complete, Records.line(F, "a.log", 3, "type=PROCTITLE msg=audit(1793611400.000:40): proctitle=\"rtorrent\""));

        AuditdParser cut = new AuditdParser(NormalizeConfig.defaults());
        cut.parse(Records.line(F, "a.log", 1, syscall));
        cut.parse(Records.line(F, "a.log", 2, execve));
        Parsed byFlush = cut.flush().get(0);

        AuditdParser next = new AuditdParser(NormalizeConfig.defaults());
        next.parse(Records.line(F, "a.log", 1, syscall));
        next.parse(Records.line(F, "a.log", 2, execve));
        Parsed byNextEvent = Records.one(next, Records.line(F, "a.log", 3, "type=SYSCALL msg=audit(1793611401.000:41): arch=c000003e syscall=257 success=yes exit=3 pid=9 exe=\"/usr/bin/cat\""));

        for (Parsed p : List.of(byProctitle, byFlush, byNextEvent)) {
            assertThat(p.origin().source()).isEqualTo(first.sourceRef());
            assertThat(p.origin().rawSha256()).isEqualTo(io.peerwatch.common.Hashing.sha256Hex(first.bytes));
            assertThat(body(p).getImage()).isEqualTo("/usr/bin/rtorrent");
        }
    }

    @Test
    void anExecSyscallWithoutItsExecveRecordStillStartsAProcess() throws ParseException {
        parser.parse(Records.line(F, "type=SYSCALL msg=audit(1793611400.000:50): arch=c000003e syscall=59 success=yes exit=0 pid=11 uid=0 auid=1000 exe=\"/usr/bin/deluged\"" + GS + "ARCH=x86_64 SYSCALL=execve AUID=\"bob\" UID=\"root\""));
        Parsed p = Records.one(parser, Records.line(F, "type=PROCTITLE msg=audit(1793611400.000:50): proctitle=\"deluged\""));
        assertThat(body(p).getImage()).isEqualTo("/usr/bin/deluged");
        assertThat(body(p).getCommandLine()).isEqualTo("deluged");
        assertThat(body(p).getLoginUser()).isEqualTo("bob");
        // the same by number on aarch64 (RAW format), and nothing for another syscall
        parser.parse(Records.line(F, "type=SYSCALL msg=audit(1793611400.000:51): arch=c00000b7 syscall=221 success=yes exit=0 pid=12 uid=0 exe=\"/usr/bin/deluged\""));
        assertThat(Records.one(parser, Records.line(F, "type=EOE msg=audit(1793611400.000:51): ")).body()).isInstanceOf(ProcessStart.class);
        parser.parse(Records.line(F, "type=SYSCALL msg=audit(1793611400.000:52): arch=c000003e syscall=257 success=yes exit=3 pid=13 exe=\"/usr/bin/cat\"" + GS + "ARCH=x86_64 SYSCALL=openat"));
        assertThat(parser.parse(Records.line(F, "type=EOE msg=audit(1793611400.000:52): ")).skipped()).isTrue();
    }

    @Test
    void enrichedNamesWithControlBytesAreEscapedInTheOutput() throws ParseException {
        // hex lets a name carry any byte; such bytes must not reach a SIEM raw
        parser.parse(Records.line(F, "type=SYSCALL msg=audit(1793611400.000:60): arch=c000003e syscall=59 success=yes exit=0 pid=14 uid=1000 auid=1000 exe=\"/bin/sh\"" + GS + "ARCH=x86_64 SYSCALL=execve AUID=6576651B5B326A UID=\"eve\""));
        parser.parse(Records.line(F, "type=EXECVE msg=audit(1793611400.000:60): argc=1 a0=\"sh\""));
        Parsed p = Records.one(parser, Records.line(F, "type=PROCTITLE msg=audit(1793611400.000:60): proctitle=\"sh\""));
        assertThat(body(p).getLoginUser()).isEqualTo("eve\\x1b[2j");
        assertThat(body(p).getUser()).isEqualTo("eve");
    }

    @Test
    void aSecondSeparatorOrOneInsideTheHeaderIsRejected() {
        String ok = "type=SYSCALL msg=audit(1793611400.000:70): arch=c000003e syscall=59 pid=1 exe=\"/bin/true\"";
        for (String bad : new String[] {ok + GS + "UID=\"root\"" + GS + "X=1", "type=SYS" + GS + "CALL msg=audit(1793611400.000:70): arch=c000003e",
            "type=SYSCALL msg=audit(1793611400.000:70" + GS + "): arch=c000003e", "node=a" + GS + "b " + ok}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(Records.line(F, bad)))
                    .isInstanceOf(ParseException.class)
                    .satisfies(e -> assertThat(((ParseException) e).errorClass()).isIn(ParseException.CONTROL_CHARACTERS, ParseException.MALFORMED));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(Records.line(F, "type=SYS\u001bCALL msg=audit(1793611400.000:71): x=1")))
                .isInstanceOf(ParseException.class);
        assertThat(parser.openEvents()).isZero();
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
