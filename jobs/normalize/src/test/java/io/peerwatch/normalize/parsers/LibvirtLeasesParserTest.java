package io.peerwatch.normalize.parsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.AddressBinding;
import io.peerwatch.schema.BindingAction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibvirtLeasesParserTest {
    private static final String F = Formats.LIBVIRT_LEASES;
    private static final long SNAPSHOT = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();
    private final LibvirtLeasesParser parser = new LibvirtLeasesParser(NormalizeConfig.defaults());

    private static RawRecord snapshot(String fixture, long sourceTimestamp) throws IOException {
        Path file = Records.fixture(F, fixture);
        return RawRecord.fromFile(F, "/var/lib/libvirt/dnsmasq/" + fixture, 1, sourceTimestamp, Files.readAllBytes(file));
    }

    private static AddressBinding body(Parsed p) {
        return (AddressBinding) p.body();
    }

    @Test
    void snapshotGivesOneBindingPerLeaseTimedByTheSourceTimestamp() throws Exception {
        ParseOutcome o = parser.parse(snapshot("virbr0.status", SNAPSHOT));
        List<Parsed> events = o.events();
        assertThat(events).hasSize(4); // the server-duid entry is not a lease
        assertThat(events).allSatisfy(p -> assertThat(p.networkScope()).isEqualTo("virbr0"));

        AddressBinding v4 = body(events.get(0));
        assertThat(v4.getAction()).isEqualTo(BindingAction.SNAPSHOT);
        assertThat(events.get(0).eventTime()).isEqualTo(SNAPSHOT);
        assertThat(v4.getLeaseSeconds()).isEqualTo(922L);
        assertThat(v4.getMac()).isEqualTo("52:54:00:3a:91:0c");
        assertThat(v4.getHostname()).isEqualTo("build-runner-3");
        assertThat(v4.getClientId()).isEqualTo("01:52:54:00:3a:91:0c");
        assertThat(v4.getInterfaceName()).isEqualTo("virbr0");

        AddressBinding expired = body(events.get(1));
        assertThat(expired.getAction()).as("expired before the snapshot").isEqualTo(BindingAction.EXPIRE);
        assertThat(events.get(1).eventTime()).isEqualTo(Instant.parse("2026-11-02T08:40:00Z").toEpochMilli());
        assertThat(expired.getMac()).isEqualTo("52:54:00:c4:17:e2");

        AddressBinding v6 = body(events.get(2));
        assertThat(v6.getAddress()).isEqualTo("fd00:42::1a7");
        assertThat(v6.getMac()).as("from the DUID-LLT").isEqualTo("52:54:00:3a:91:0c");
        assertThat(v6.getLeaseSeconds()).isEqualTo(2405L);

        AddressBinding infinite = body(events.get(3));
        assertThat(infinite.getLeaseSeconds()).isNull();
        assertThat(infinite.getHostname()).as("'*' means no name").isNull();
    }

    @Test
    void snapshotWithoutUsableSourceTimestampIsRejected() {
        assertThatThrownBy(() -> parser.parse(snapshot("virbr0.status", 0L)))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.errorClass()).isEqualTo(ParseException.INVALID_TIMESTAMP));
    }

    @Test
    void emptySnapshotIsACountedSkip() throws Exception {
        assertThat(parser.parse(snapshot("empty.status", SNAPSHOT)).skipReason()).startsWith("empty lease snapshot");
    }

    @Test
    void invalidMacRejectsTheSnapshot() {
        assertThatThrownBy(() -> parser.parse(snapshot("bad-mac.status", SNAPSHOT)))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo(ParseException.INVALID_ADDRESS);
                    assertThat(e.getMessage()).contains("lease[0].mac-address");
                });
    }

    @Test
    void nonArraysAndBrokenJsonAreMalformed() {
        for (String text : new String[] {"{\"ip-address\": \"10.0.0.1\"}", "[{\"ip-address\": \"10.0.0.1\",", "[1, 2]",
                "[{\"ip-address\":\"10.0.0.1\",\"ip-address\":\"10.0.0.2\",\"expiry-time\":1}]"}) {
            RawRecord r = RawRecord.fromFile(F, "x.status", 1, SNAPSHOT, text.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> parser.parse(r)).as(text)
                    .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.errorClass()).isEqualTo(ParseException.MALFORMED));
        }
    }

    @Test
    void scopeComesOnlyFromAStatusFileName() {
        assertThat(LibvirtLeasesParser.scopeFromName("/var/lib/libvirt/dnsmasq/br-tenant-a.status")).isEqualTo("br-tenant-a");
        assertThat(LibvirtLeasesParser.scopeFromName("leases-topic")).isNull();
        assertThat(LibvirtLeasesParser.scopeFromName("/tmp/.status")).isNull();
    }
}
