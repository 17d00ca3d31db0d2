package io.peerwatch.normalize.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.LifecycleState;
import io.peerwatch.schema.VmLifecycle;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenstackNovaParserTest {
    private static final String F = Formats.OPENSTACK_NOVA;
    private static final String UUID = "7c1e5b2a-93d4-4f0e-8d61-2b9f4c0a7e15";
    private final NormalizeConfig cfg = NormalizeConfig.builder().syslogDefaultYear(2026).build();
    private final OpenstackNovaParser parser = new OpenstackNovaParser(cfg);

    private static VmLifecycle body(Parsed p) {
        return (VmLifecycle) p.body();
    }

    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void osloFileLinesGiveLifecycleAndMigrationEvents() {
        List<RawRecord> records = Records.read(F, Records.fixture(F, "nova-compute.log"));
        Records.Result r = Records.parseAll(parser, records);
        assertThat(r.errors()).isEmpty();
        assertThat(r.events().size() + r.skips().size()).isEqualTo(records.size());
        assertThat(r.events()).extracting(p -> body(p).getState()).containsExactly(
                LifecycleState.STARTED, LifecycleState.STARTED, LifecycleState.STARTED, LifecycleState.MIGRATED,
                LifecycleState.MIGRATED, LifecycleState.STOPPED, LifecycleState.STOPPED);
        assertThat(r.skips()).containsExactlyInAnyOrder("nova instance message without a lifecycle change",
                "nova instance message without a lifecycle change", "nova line without an instance",
                "nova instance message without a lifecycle change");
        Parsed started = r.events().get(0);
        assertThat(body(started).getUuid()).isEqualTo(UUID);
        assertThat(started.eventTime()).isEqualTo(t("2026-11-02T09:04:19.730Z"));
        assertThat(body(started).getHost()).as("a bare oslo line names no host").isNull();
        VmLifecycle migrated = body(r.events().get(3));
        assertThat(migrated.getHost()).isEqualTo("compute-05.example.org");
    }

    @Test
    void osloTimestampsUseTheConfiguredZone() throws ParseException {
        OpenstackNovaParser tokyo = new OpenstackNovaParser(cfg.toBuilder().syslogZone(ZoneId.of("Asia/Tokyo")).build());
        Parsed p = Records.one(tokyo, Records.line(F, "2026-11-02 09:04:19.902 28417 INFO nova.compute.manager [-] [instance: "
                + UUID + "] VM Started (Lifecycle Event)"));
        assertThat(p.eventTime()).isEqualTo(t("2026-11-02T00:04:19.902Z"));
    }

    @Test
    void syslogWrappedLinesNameTheHost() {
        Records.Result r = Records.parseAll(parser, Records.read(F, Records.fixture(F, "syslog.log")));
        assertThat(r.errors()).isEmpty();
        assertThat(r.events()).hasSize(4);
        VmLifecycle post = body(r.events().get(0));
        assertThat(post.getState()).isEqualTo(LifecycleState.MIGRATED);
        assertThat(post.getHost()).isEqualTo("compute-05");
        assertThat(r.events().get(0).eventTime()).as("oslo's milliseconds win over RFC 3164 seconds").isEqualTo(t("2026-11-02T10:22:35.004Z"));
        assertThat(r.events().get(0).sensor()).isEqualTo("compute-05");
        assertThat(body(r.events().get(1)).getUuid()).as("upper-case uuid canonicalized").isEqualTo(UUID);
        assertThat(r.events().get(1).eventTime()).isEqualTo(t("2026-11-02T10:22:35.190Z"));
        assertThat(body(r.events().get(2)).getState()).isEqualTo(LifecycleState.SUSPENDED);
        assertThat(r.events().get(2).eventTime()).isEqualTo(t("2026-11-02T11:00:00Z"));
        assertThat(body(r.events().get(3)).getState()).isEqualTo(LifecycleState.OTHER);
    }

    @Test
    void migrationSourceLineNamesBothHosts() throws ParseException {
        VmLifecycle m = body(Records.one(parser, Records.line(F, "Nov  2 10:22:31 compute-03 nova-compute[28417]: 2026-11-02 10:22:31.411 "
                + "28417 INFO nova.compute.manager [-] [instance: " + UUID + "] Migrating instance to compute-05 finished successfully.")));
        assertThat(m.getState()).isEqualTo(LifecycleState.MIGRATED);
        assertThat(m.getHost()).isEqualTo("compute-05");
        assertThat(m.getPreviousHost()).isEqualTo("compute-03");
    }

    @Test
    void badLinesAreErrors() {
        Records.Result r = Records.parseAll(parser, Records.read(F, Records.fixture(F, "bad.log")));
        assertThat(r.events()).isEmpty();
        assertThat(r.errors()).hasSize(3);
        assertThat(r.errors().get(0)).contains(ParseException.MALFORMED).contains("UUID");
        assertThat(r.errors().get(1)).contains(ParseException.MALFORMED);
        assertThat(r.errors().get(2)).contains(ParseException.INVALID_TIMESTAMP);
    }
}
