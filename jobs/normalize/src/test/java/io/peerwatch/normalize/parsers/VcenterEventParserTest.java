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
import java.util.List;
import org.junit.jupiter.api.Test;

class VcenterEventParserTest {
    private static final String F = Formats.VCENTER_EVENT;
    private final VcenterEventParser parser = new VcenterEventParser(NormalizeConfig.defaults());

    private static VmLifecycle body(Parsed p) {
        return (VmLifecycle) p.body();
    }

    @Test
    void fixtureMapsPowerMigrationReconfigureAndRemoval() {
        List<RawRecord> records = Records.read(F, Records.fixture(F, "events.jsonl"));
        Records.Result r = Records.parseAll(parser, records);
        assertThat(r.errors()).isEmpty();
        assertThat(r.events()).extracting(p -> body(p).getState()).containsExactly(LifecycleState.STARTED, LifecycleState.MIGRATED,
                LifecycleState.RECONFIGURED, LifecycleState.MIGRATED, LifecycleState.STOPPED, LifecycleState.RECONFIGURED,
                LifecycleState.UNDEFINED);
        assertThat(r.skips()).containsExactly("not a VM lifecycle event: UserLoginSessionEvent", "not a VM lifecycle event: VmStartingEvent");
    }

    @Test
    void powerOnCarriesUuidMorefHostAndVcenter() throws ParseException {
        List<RawRecord> records = Records.read(F, Records.fixture(F, "events.jsonl"));
        Parsed p = Records.one(parser, records.get(0));
        VmLifecycle vm = body(p);
        assertThat(p.eventTime()).isEqualTo(Instant.parse("2026-11-02T09:12:44.381Z").toEpochMilli());
        assertThat(vm.getUuid()).isEqualTo("502c7b3e-1f4a-9d2e-6b81-0c3f5a7e9d12");
        assertThat(vm.getInstanceId()).isEqualTo("vm-4410");
        assertThat(vm.getName()).isEqualTo("render-node-04");
        assertThat(vm.getHost()).isEqualTo("esx-12.fra.example.net");
        assertThat(p.sensor()).isEqualTo("vc01.fra.example.net");
        assertThat(vm.getDetail()).startsWith("VmPoweredOnEvent: render-node-04 on esx-12");
    }

    @Test
    void migrationsNameTheNewAndThePreviousHost() throws ParseException {
        List<RawRecord> records = Records.read(F, Records.fixture(F, "events.jsonl"));
        VmLifecycle drs = body(Records.one(parser, records.get(1)));
        assertThat(drs.getHost()).isEqualTo("esx-14.fra.example.net");
        assertThat(drs.getPreviousHost()).isEqualTo("esx-12.fra.example.net");
        Parsed withDest = Records.one(parser, records.get(3));
        assertThat(body(withDest).getHost()).isEqualTo("esx-16.fra.example.net");
        assertThat(body(withDest).getPreviousHost()).isEqualTo("esx-15.fra.example.net");
        assertThat(withDest.eventTime()).as("epoch millis number").isEqualTo(1793614800123L);
    }

    @Test
    void powerCliPascalCaseAndMorefObjectsAreAccepted() throws ParseException {
        List<RawRecord> records = Records.read(F, Records.fixture(F, "events.jsonl"));
        Parsed p = Records.one(parser, records.get(2));
        assertThat(p.eventTime()).isEqualTo(Instant.parse("2026-11-02T09:02:10.700Z").toEpochMilli());
        assertThat(body(p).getInstanceId()).isEqualTo("vm-4410");
        assertThat(body(p).getDetail()).doesNotContain("\n").contains("macAddress");
    }

    @Test
    void renameUsesTheNewName() throws ParseException {
        List<RawRecord> records = Records.read(F, Records.fixture(F, "events.jsonl"));
        assertThat(body(Records.one(parser, records.get(7))).getName()).isEqualTo("render-node-04-old");
    }

    @Test
    void badRecordsAreErrorsWithTheirClass() {
        Records.Result r = Records.parseAll(parser, Records.read(F, Records.fixture(F, "bad.jsonl")));
        assertThat(r.events()).isEmpty();
        assertThat(r.errors()).hasSize(7);
        assertThat(r.errors().get(0)).contains(ParseException.MISSING_FIELD);
        assertThat(r.errors().get(1)).contains(ParseException.INVALID_TIMESTAMP);
        assertThat(r.errors().get(2)).contains(ParseException.MISSING_FIELD);
        assertThat(r.errors().get(3)).contains(ParseException.MALFORMED);
        assertThat(r.errors().get(4)).contains(ParseException.MISSING_FIELD);
        assertThat(r.errors().get(5)).contains(ParseException.MALFORMED);
        assertThat(r.errors().get(6)).contains(ParseException.MALFORMED);
    }
}
