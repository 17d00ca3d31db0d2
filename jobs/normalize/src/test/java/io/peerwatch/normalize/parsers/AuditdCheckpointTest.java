package io.peerwatch.normalize.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.RecordNormalizer;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.ProcessStart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Open auditd events survive a checkpoint: restored from a snapshot they give the same events (byte for byte,
 * same ids) as an uninterrupted run, and after a restore from union state exactly one subtask emits each.
 */
class AuditdCheckpointTest {
    private static final String F = Formats.AUDITD;
    private static final NormalizeConfig CFG = NormalizeConfig.defaults();

    /** Three sources read interleaved (two files, one Kafka partition), so several events are open at once. */
    private static List<RawRecord> mixedInput() {
        List<RawRecord> a = Records.read(F, Records.fixture(F, "audit.log"));
        List<RawRecord> b = Records.read(F, Records.fixture(F, "interleaved.log"));
        List<RawRecord> bad = Records.read(F, Records.fixture(F, "bad.log"));
        List<RawRecord> c = new ArrayList<>();
        long offset = 100;
        for (RawRecord r : Records.read(F, Records.fixture(F, "enriched.log"))) {
            c.add(RawRecord.fromKafka(F, "raw.auditd", 3, offset++, 1793612300000L + offset, r.bytes));
        }
        List<RawRecord> all = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), Math.max(b.size(), c.size())); i++) {
            for (List<RawRecord> src : List.of(a, b, c, bad)) if (i < src.size()) all.add(src.get(i));
        }
        return all;
    }

    /** What a record gives, as comparable text: each event's id and Avro bytes, or the skip reason / error class. */
    private static String render(RecordNormalizer.Result r) {
        if (r.deadLettered()) return "dead " + r.deadLetter().getErrorClass();
        if (r.skipped()) return "skip " + r.skipReason();
        StringBuilder sb = new StringBuilder();
        for (NormalizedEvent e : r.events()) sb.append(render(e)).append(';');
        return sb.toString();
    }

    private static String render(NormalizedEvent e) {
        try {
            return e.getEventId() + "=" + Base64.getEncoder().encodeToString(e.toByteBuffer().array());
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /** Per record, then the end-of-input flush; {@code between} replaces the normalizer after each record. */
    private static List<String> run(List<RawRecord> input, UnaryOperator<RecordNormalizer> between) {
        RecordNormalizer n = new RecordNormalizer(CFG);
        List<String> out = new ArrayList<>();
        for (RawRecord r : input) {
            out.add(render(n.normalize(r)));
            n = between.apply(n);
        }
        RecordNormalizer.Flushed end = n.flush();
        assertThat(end.deadLetters()).isEmpty();
        for (NormalizedEvent e : end.events()) out.add("flushed " + render(e));
        return out;
    }

    @Test
    void restoringAfterEveryRecordGivesByteIdenticalEventsToAnUninterruptedRun() {
        List<RawRecord> input = mixedInput();
        List<String> uninterrupted = run(input, n -> n);
        int[] openAtCheckpoint = {0};
        List<String> restored = run(input, n -> {
            List<String> snapshot = n.snapshotSourceState();
            if (snapshot.stream().anyMatch(s -> s.startsWith("6:auditd"))) openAtCheckpoint[0]++;
            RecordNormalizer fresh = new RecordNormalizer(CFG);
            fresh.restoreSourceState(snapshot);
            return fresh;
        });
        assertThat(openAtCheckpoint[0]).as("checkpoints in the middle of events").isGreaterThan(20);
        // 4 ProcessStarts from audit.log, 2 from interleaved.log, 3 + 1 flushed from enriched.log
        assertThat(uninterrupted.stream().filter(s -> !s.startsWith("skip ") && !s.startsWith("dead ")).count())
                .as("records giving events").isEqualTo(10);
        assertThat(uninterrupted).anyMatch(s -> s.startsWith("flushed "));
        assertThat(restored).containsExactlyElementsOf(uninterrupted);
    }

    @Test
    void withoutTheSnapshotARestartLosesOrChangesEvents() {
        // the control: the comparison above fails when open events are not restored
        List<RawRecord> input = mixedInput();
        List<String> uninterrupted = run(input, n -> n);
        List<String> forgetful = run(input, n -> new RecordNormalizer(CFG));
        assertThat(forgetful).isNotEqualTo(uninterrupted);
    }

    private static final String SYSCALL = "type=SYSCALL msg=audit(1793611400.000:%d): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=%d uid=0 auid=1000 exe=\"%s\"";
    private static final String EXECVE = "type=EXECVE msg=audit(1793611400.000:%d): argc=1 a0=\"%s\"";
    private static final String PROCTITLE = "type=PROCTITLE msg=audit(1793611400.000:%d): proctitle=\"%s\"";

    /** The first two records of an execve event of one file (its PROCTITLE and EOE come later, or never). */
    private static List<RawRecord> eventStart(String file, int serial, String image) {
        String name = image.substring(image.lastIndexOf('/') + 1);
        return List.of(Records.line(F, file, 1, String.format(SYSCALL, serial, serial, image)),
                Records.line(F, file, 2, String.format(EXECVE, serial, name)));
    }

    private static RawRecord proctitle(String file, int serial, String name) {
        return Records.line(F, file, 3, String.format(PROCTITLE, serial, name));
    }

    private static RecordNormalizer reading(int index, int count, List<RawRecord> records) {
        RecordNormalizer n = new RecordNormalizer(CFG).forSubtask(index, count);
        for (RawRecord r : records) assertThat(n.normalize(r).skipped()).isTrue();
        return n;
    }

    /** Union operator state: every subtask gets the entries of all. */
    private static List<String> union(RecordNormalizer... writers) {
        List<String> all = new ArrayList<>();
        for (RecordNormalizer w : writers) all.addAll(w.snapshotSourceState());
        return all;
    }

    private static RecordNormalizer restored(int index, int count, List<String> union) {
        RecordNormalizer n = new RecordNormalizer(CFG).forSubtask(index, count);
        n.restoreSourceState(union);
        return n;
    }

    private static List<String> images(List<NormalizedEvent> events) {
        return events.stream().map(e -> ((ProcessStart) e.getBody()).getImage()).toList();
    }

    /** The id the uninterrupted run gives the event of these records at the end of the input. */
    private static String flushedId(List<RawRecord> records) {
        List<NormalizedEvent> events = reading(0, 1, records).flush().events();
        assertThat(events).hasSize(1);
        return events.get(0).getEventId();
    }

    @Test
    void afterARestoreAtTheSameParallelismOnlyTheWritingSubtaskEmitsItsOpenEvents() {
        List<RawRecord> f1 = eventStart("/var/log/a/audit.log", 500, "/usr/bin/rtorrent");
        List<RawRecord> f2 = eventStart("/var/log/b/audit.log", 700, "/usr/bin/aria2c");
        List<String> union = union(reading(0, 2, f1), reading(1, 2, f2));

        // both subtasks reach the end of their input without another record of either file
        List<NormalizedEvent> by0 = restored(0, 2, union).flush().events();
        List<NormalizedEvent> by1 = restored(1, 2, union).flush().events();

        assertThat(images(by0)).containsExactly("/usr/bin/rtorrent");
        assertThat(images(by1)).containsExactly("/usr/bin/aria2c");
        assertThat(by0.get(0).getEventId()).as("same id as without the restart").isEqualTo(flushedId(f1));
        assertThat(by1.get(0).getEventId()).isEqualTo(flushedId(f2));
    }

    @Test
    void theWriterContinuesAnEventItsSourceCompletesAfterTheRestore() {
        List<RawRecord> f1 = eventStart("/var/log/a/audit.log", 500, "/usr/bin/rtorrent");
        RecordNormalizer uninterrupted = reading(0, 1, f1);
        NormalizedEvent expected = uninterrupted.normalize(proctitle("/var/log/a/audit.log", 500, "rtorrent")).events().get(0);

        List<String> union = union(reading(0, 2, f1), reading(1, 2, eventStart("/var/log/b/audit.log", 700, "/usr/bin/aria2c")));
        RecordNormalizer by0 = restored(0, 2, union);
        RecordNormalizer.Result r = by0.normalize(proctitle("/var/log/a/audit.log", 500, "rtorrent"));
        assertThat(r.events()).containsExactly(expected);
        assertThat(by0.flush().events()).as("emitted once").isEmpty();
    }

    @Test
    void afterRescalingOnlyTheSubtaskThatReadsTheSourceAgainTakesOverItsOpenEvent() {
        String a = "/var/log/a/audit.log";
        String b = "/var/log/b/audit.log";
        List<RawRecord> f1 = eventStart(a, 500, "/usr/bin/rtorrent");
        List<RawRecord> f2 = eventStart(b, 700, "/usr/bin/aria2c");
        List<String> union = union(reading(0, 2, f1), reading(1, 2, f2));
        RecordNormalizer expectedF2 = reading(0, 1, f2);
        NormalizedEvent f2Event = expectedF2.normalize(proctitle(b, 700, "aria2c")).events().get(0);

        // three subtasks now; subtask 2 is given file a and reads the rest of its event
        List<RecordNormalizer> subtasks = List.of(restored(0, 3, union), restored(1, 3, union), restored(2, 3, union));
        List<NormalizedEvent> emitted = new ArrayList<>(subtasks.get(2).normalize(proctitle(a, 500, "rtorrent")).events());
        assertThat(images(emitted)).containsExactly("/usr/bin/rtorrent");

        // another checkpoint and restore before file b is read again: its event is still held, unclaimed
        List<String> second = union(subtasks.toArray(RecordNormalizer[]::new));
        List<RecordNormalizer> again = List.of(restored(0, 3, second), restored(1, 3, second), restored(2, 3, second));
        emitted.addAll(again.get(1).normalize(proctitle(b, 700, "aria2c")).events());
        for (RecordNormalizer n : again) emitted.addAll(n.flush().events());
        for (RecordNormalizer n : subtasks) emitted.addAll(n.flush().events());

        assertThat(images(emitted)).as("each event exactly once").containsExactly("/usr/bin/rtorrent", "/usr/bin/aria2c");
        assertThat(emitted.get(1)).as("identical to the uninterrupted run").isEqualTo(f2Event);
    }

    @Test
    void afterRescalingAnEventWhoseSourceIsNeverReadAgainIsNotEmittedByAnySubtask() {
        // the known limit: no subtask can tell that it alone should emit it, and two emitting it would duplicate
        List<String> union = union(reading(0, 2, eventStart("/var/log/a/audit.log", 500, "/usr/bin/rtorrent")),
                reading(1, 2, List.of()));
        int emitted = 0;
        for (int i = 0; i < 3; i++) emitted += restored(i, 3, union).flush().events().size();
        assertThat(emitted).isZero();
        assertThat(restored(0, 2, union).flush().events()).as("without rescaling the writer emits it").hasSize(1);
    }

    @Test
    void unreadableStateEntriesAreIgnoredNotThrown() {
        AuditdParser p = new AuditdParser(CFG);
        p.restoreSources(Map.of("file|x|-1|\u0000@0/1", "not base64 !", "no-owner", "AQ==",
                "file|y|-1|\u0000@0/1", Base64.getEncoder().encodeToString("\u0009junk".getBytes(StandardCharsets.UTF_8))));
        assertThat(p.ignoredEntries()).isEqualTo(3);
        assertThat(p.openEvents()).isZero();
        assertThat(p.flush()).isEmpty();
    }

    @Test
    void theSnapshotStaysBoundedByTheLiveLimits() {
        AuditdParser p = new AuditdParser(CFG);
        for (int i = 0; i < AuditdParser.MAX_SOURCES + 300; i++) {
            for (RawRecord r : eventStart("/var/log/n" + i + ".log", i, "/bin/true")) {
                try {
                    p.parse(r);
                } catch (io.peerwatch.normalize.parse.ParseException e) {
                    throw new AssertionError(e);
                }
            }
        }
        Map<String, String> snapshot = p.snapshotSources();
        assertThat(snapshot).hasSizeLessThanOrEqualTo(AuditdParser.MAX_SOURCES);
        AuditdParser back = new AuditdParser(CFG);
        back.restoreSources(snapshot);
        assertThat(back.openEvents()).isEqualTo(p.openEvents());
        assertThat(back.bufferedBytes()).isEqualTo(p.bufferedBytes());
        assertThat(back.flush()).hasSize(p.flush().size());
    }
}
