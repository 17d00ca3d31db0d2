package io.peerwatch.normalize.parsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parsers.hostlog.SafeXml;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.Nic;
import io.peerwatch.schema.VmDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LibvirtDomXmlParserTest {
    private static final String F = Formats.LIBVIRT_DOMXML;
    private static final long DEFINED = Instant.parse("2026-11-01T21:04:30Z").toEpochMilli();
    private final LibvirtDomXmlParser parser = new LibvirtDomXmlParser(NormalizeConfig.defaults());

    private static RawRecord doc(String fixture) throws IOException {
        return RawRecord.fromFile(F, "/etc/libvirt/qemu/" + fixture, 1, DEFINED, Files.readAllBytes(Records.fixture(F, fixture)));
    }

    private static VmDefinition body(Parsed p) {
        return (VmDefinition) p.body();
    }

    @Test
    void novaDomainGivesOwnerTenantAndBothNics() throws Exception {
        Parsed p = Records.one(parser, doc("nova-instance.xml"));
        assertThat(p.eventTime()).isEqualTo(DEFINED);
        VmDefinition vm = body(p);
        assertThat(vm.getUuid()).isEqualTo("7c1e5b2a-93d4-4f0e-8d61-2b9f4c0a7e15");
        assertThat(vm.getName()).isEqualTo("instance-0000a3f1");
        assertThat(vm.getPlatform()).isEqualTo("openstack");
        assertThat(vm.getOwner()).isEqualTo("jdoe");
        assertThat(vm.getTenant()).isEqualTo("ml-research");
        assertThat(vm.getTags()).containsEntry("nova.display_name", "ci-worker-12").containsEntry("nova.flavor", "m1.large")
                .containsEntry("nova.project_uuid", "a1b2c3d4e5f60718293a4b5c6d7e8f90");
        assertThat(vm.getNics()).extracting(Nic::getMac, Nic::getBridge)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fa:16:3e:5b:22:c1", "qbr6a1f0c2e-4d"),
                        org.assertj.core.groups.Tuple.tuple("fa:16:3e:07:9d:40", "qbr91c3b7aa-02"));
        assertThat(p.networkScope()).as("two different bridges: no single scope").isNull();
    }

    @Test
    void peerwatchMetadataAndLiveInterfaceDetails() throws Exception {
        VmDefinition vm = body(Records.one(parser, doc("peerwatch-metadata.xml")));
        assertThat(vm.getUuid()).as("bare hex uuid canonicalized").isEqualTo("0f3b6e0c-2d8a-4b1f-9e7c-5a3d1b0f2e4c");
        assertThat(vm.getOwner()).isEqualTo("alice@example.org");
        assertThat(vm.getTenant()).isEqualTo("qa-lab");
        assertThat(vm.getHypervisorHost()).isEqualTo("kvm-host-07");
        assertThat(vm.getPlatform()).isEqualTo("libvirt");
        assertThat(vm.getTags()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("env", "staging", "cost-center", "4711"));
        List<Nic> nics = vm.getNics();
        assertThat(nics).hasSize(2); // the interface without a MAC is a template, left out
        assertThat(nics.get(0).getNetwork()).isEqualTo("default");
        assertThat(nics.get(0).getBridge()).isEqualTo("virbr0");
        assertThat(nics.get(1).getAddresses()).containsExactly("10.0.2.15");
    }

    @Test
    void doctypeIsRefusedSoExternalEntitiesNeverResolve() {
        for (String f : new String[] {"xxe.xml", "entity-bomb.xml"}) {
            assertThatThrownBy(() -> parser.parse(doc(f))).as(f)
                    .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.errorClass()).isEqualTo(SafeXml.UNSAFE_XML));
        }
    }

    @Test
    void safeXmlRefusesDoctypeEvenWhenThePrecheckIsBypassed() {
        // the parser itself is configured to refuse DOCTYPE; a DOCTYPE hidden from the text check still fails
        SafeXml xml = new SafeXml();
        assertThatThrownBy(() -> xml.parse("<?xml version='1.0'?><!DOCTYPE\u0020d [<!ENTITY x SYSTEM 'file:///etc/hostname'>]><d>&x;</d>", "t"))
                .isInstanceOf(ParseException.class);
    }

    @Test
    void deeplyNestedXmlIsMalformedNotAStackOverflow() {
        RawRecord deep = Records.line(F, "<domain><name>" + "<a>".repeat(50_000) + "x" + "</a>".repeat(50_000) + "</name></domain>");
        deep.sourceTimestamp = DEFINED;
        assertThatThrownBy(() -> parser.parse(deep))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.errorClass()).isEqualTo(ParseException.MALFORMED));
    }

    @Test
    void otherDocumentsAndBadValuesAreRejectedWithTheirClass() {
        assertThatThrownBy(() -> parser.parse(doc("not-a-domain.xml")))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.errorClass()).isEqualTo(ParseException.UNSUPPORTED));
        assertThatThrownBy(() -> parser.parse(doc("bad-uuid.xml")))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.errorClass()).isEqualTo(ParseException.MALFORMED));
        RawRecord truncated = Records.line(F, "<domain><name>x</name>");
        truncated.sourceTimestamp = DEFINED;
        assertThatThrownBy(() -> parser.parse(truncated))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.errorClass()).isEqualTo(ParseException.MALFORMED));
    }

    @Test
    void everyDevDataDomainParses() throws IOException {
        Path dir = Records.devData().map(d -> d.resolve("libvirt-domxml")).orElse(null);
        assumeTrue(dir != null && Files.isDirectory(dir), "dev data not present");
        List<RawRecord> records;
        try (Stream<Path> files = Files.list(dir)) {
            records = files.sorted().flatMap(f -> Records.read(F, f).stream()).toList();
        }
        Records.Result r = Records.parseAll(parser, records);
        assertThat(r.errors()).isEmpty();
        assertThat(r.events()).hasSize(records.size()).isNotEmpty();
        assertThat(r.events()).allSatisfy(p -> {
            VmDefinition vm = body(p);
            assertThat(vm.getUuid()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(vm.getNics()).hasSize(1);
            assertThat(vm.getNics().get(0).getNetwork()).isEqualTo("default");
            assertThat(p.networkScope()).isEqualTo("default");
        });
    }
}
