package io.peerwatch.normalize.parsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.LifecycleState;
import io.peerwatch.schema.VmLifecycle;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibvirtEventParserTest {
    private static final String F = Formats.LIBVIRT_EVENT;
    private final LibvirtEventParser parser = new LibvirtEventParser(NormalizeConfig.defaults());

    private static VmLifecycle body(Parsed p) {
        return (VmLifecycle) p.body();
    }

    @Test
    void fixtureMapsLifecycleEventsAndCountsTheRest() {
        List<RawRecord> records = Records.read(F, Records.fixture(F, "events.log"));
        Records.Result r = Records.parseAll(parser, records);
        assertThat(r.errors()).isEmpty();
        assertThat(r.events().size() + r.skips().size()).isEqualTo(records.size());
        assertThat(r.events()).extracting(p -> body(p).getName() + " " + body(p).getState()).containsExactly(
                "build-runner-3 DEFINED", "build-runner-3 STARTED", "build-runner-3 OTHER", "build-runner-3 OTHER",
                "build-runner-3 SUSPENDED", "build-runner-3 RESUMED",
                "db-replica-1 MIGRATED", "db-replica-1 MIGRATED",
                "win-agent-2 CRASHED", "win-agent-2 CRASHED",
                "build-runner-3 OTHER", "build-runner-3 STOPPED", "build-runner-3 UNDEFINED",
                "o'brien-dev SUSPENDED");
        assertThat(r.skips()).contains("continuation line of a multi-line libvirt event", "virsh status line",
                "libvirt event without a lifecycle change: rtc-change", "libvirt event without a lifecycle change: agent-lifecycle",
                "libvirt event without a lifecycle change: tunable");
    }

    @Test
    void timestampOffsetIsApplied() throws ParseException {
        Parsed p = Records.one(parser, Records.line(F,
                "2026-11-02 09:01:13.777+0100: event 'lifecycle' for domain 'db-replica-1': Stopped Migrated"));
        assertThat(p.eventTime()).isEqualTo(Instant.parse("2026-11-02T08:01:13.777Z").toEpochMilli());
        assertThat(body(p).getDetail()).isEqualTo("Stopped Migrated (left this host)");
        assertThat(body(p).getUuid()).isNull();
        assertThat(p.networkScope()).isNull();
    }

    @Test
    void deviceHotplugKeepsTheDeviceInDetail() throws ParseException {
        Parsed p = Records.one(parser, Records.line(F, "2026-11-02 08:30:12.500+0000: event 'device-added' for domain 'vm': net1"));
        assertThat(body(p).getState()).isEqualTo(LifecycleState.OTHER);
        assertThat(body(p).getDetail()).isEqualTo("device-added: net1");
    }

    @Test
    void badLinesAreErrorsWithTheirClass() {
        Records.Result r = Records.parseAll(parser, Records.read(F, Records.fixture(F, "bad.log")));
        assertThat(r.events()).isEmpty();
        assertThat(r.skips()).isEmpty();
        assertThat(r.errors()).hasSize(5);
        assertThat(r.errors().get(0)).contains(ParseException.INVALID_TIMESTAMP).contains("--timestamp");
        assertThat(r.errors().get(1)).contains(ParseException.INVALID_TIMESTAMP);
        assertThat(r.errors().get(2)).contains(ParseException.UNSUPPORTED);
        assertThat(r.errors().get(3)).contains(ParseException.MALFORMED);
        assertThat(r.errors().get(4)).contains(ParseException.MALFORMED);
    }

    @Test
    void everyLineOfTheDevDataParses() {
        Path file = Records.devData().map(d -> d.resolve("libvirt-event/events.log")).orElse(null);
        assumeTrue(file != null && file.toFile().isFile(), "dev data not present");
        List<RawRecord> records = Records.read(F, file);
        Records.Result r = Records.parseAll(parser, records);
        assertThat(r.errors()).isEmpty();
        assertThat(r.events()).hasSize(records.size());
        assertThat(r.events()).extracting(p -> body(p).getState()).containsOnly(LifecycleState.STARTED, LifecycleState.STOPPED);
    }
}
