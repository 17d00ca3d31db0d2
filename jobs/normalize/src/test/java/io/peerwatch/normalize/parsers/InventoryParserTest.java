package io.peerwatch.normalize.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.Nic;
import io.peerwatch.schema.VmDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryParserTest {
    private static final String F = Formats.INVENTORY;
    private static final long FILE_TIME = Instant.parse("2026-11-02T07:00:00Z").toEpochMilli();
    private final InventoryParser parser = new InventoryParser(NormalizeConfig.defaults());

    private static VmDefinition body(Parsed p) {
        return (VmDefinition) p.body();
    }

    private List<RawRecord> fixture(String name) {
        List<RawRecord> records = Records.read(F, Records.fixture(F, name));
        records.forEach(r -> r.sourceTimestamp = FILE_TIME);
        return records;
    }

    @Test
    void inventoryLinesBecomeDefinitionsWithOwnersTagsAndNics() {
        List<RawRecord> records = fixture("inventory.jsonl");
        Records.Result r = Records.parseAll(parser, records);
        assertThat(r.errors()).isEmpty();
        assertThat(r.skips()).containsExactly("comment line");
        assertThat(r.events()).hasSize(3);

        Parsed first = r.events().get(0);
        VmDefinition seedbox = body(first);
        assertThat(first.eventTime()).isEqualTo(Instant.parse("2026-11-02T06:00:00Z").toEpochMilli());
        assertThat(seedbox.getOwner()).isEqualTo("alice@example.org");
        assertThat(seedbox.getTenant()).isEqualTo("qa-lab");
        assertThat(seedbox.getHypervisorHost()).isEqualTo("kvm-host-07");
        assertThat(seedbox.getTags()).isEqualTo(Map.of("env", "staging", "cost-center", "4711"));
        assertThat(seedbox.getNics()).extracting(Nic::getMac).containsExactly("52:54:00:3a:91:0c", "52:54:00:3a:91:0d");
        assertThat(seedbox.getNics().get(0).getNetwork()).isEqualTo("default");
        assertThat(seedbox.getNics().get(1).getAddresses()).containsExactly("10.0.2.15");
        assertThat(first.networkScope()).as("NICs in different networks").isNull();

        Parsed second = r.events().get(1);
        VmDefinition worker = body(second);
        assertThat(worker.getUuid()).isEqualTo("7c1e5b2a-93d4-4f0e-8d61-2b9f4c0a7e15");
        assertThat(worker.getTags()).isEqualTo(Map.of("gpu", "", "team", "ml"));
        assertThat(worker.getPlatform()).isEqualTo("openstack");
        assertThat(second.eventTime()).as("epoch seconds").isEqualTo(1793599200000L);
        assertThat(second.networkScope()).isEqualTo("tenant-ml");

        Parsed third = r.events().get(2);
        assertThat(body(third).getUuid()).isNull();
        assertThat(body(third).getInstanceId()).isEqualTo("i-0a1b2c3d4e5f67890");
        assertThat(third.eventTime()).as("no 'updated': the source timestamp").isEqualTo(FILE_TIME);
        assertThat(third.networkScope()).isEqualTo("vpc-0f1e2d3c4b5a69788");
    }

    @Test
    void platformDefaultsToInventory() throws ParseException {
        RawRecord r = Records.line(F, "{\"name\":\"plain\"}");
        r.sourceTimestamp = FILE_TIME;
        assertThat(body(Records.one(parser, r)).getPlatform()).isEqualTo("inventory");
    }

    @Test
    void recordWithoutTimeAndWithoutSourceTimestampIsRejected() {
        Records.Result r = Records.parseAll(parser, List.of(Records.line(F, "{\"name\":\"plain\"}")));
        assertThat(r.errors()).singleElement().asString().contains(ParseException.INVALID_TIMESTAMP);
    }

    @Test
    void badRecordsAreErrorsWithTheirClass() {
        Records.Result r = Records.parseAll(parser, fixture("bad.jsonl"));
        assertThat(r.events()).isEmpty();
        assertThat(r.errors()).hasSize(9);
        String[] expected = {ParseException.INVALID_ADDRESS, ParseException.MISSING_FIELD, ParseException.MALFORMED,
            ParseException.MALFORMED, ParseException.MALFORMED, ParseException.INVALID_TIMESTAMP, ParseException.MALFORMED,
            ParseException.INVALID_ADDRESS, ParseException.MALFORMED};
        for (int i = 0; i < expected.length; i++) assertThat(r.errors().get(i)).as("line " + (i + 1)).contains(" " + expected[i] + ":");
    }
}
