package io.peerwatch.incidents.ocsf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.peerwatch.incidents.Fixtures;
import io.peerwatch.incidents.IncidentRuns;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.IncidentActivity;
import io.peerwatch.schema.VmRef;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OcsfJsonTest {
    static JsonSchema schema;
    static final ObjectMapper PLAIN = new ObjectMapper();

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = OcsfJsonTest.class.getResourceAsStream("/ocsf/detection_finding.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    static JsonNode parse(String json) throws Exception {
        return PLAIN.readTree(json);
    }

    @Test
    void everyRevisionIsAValidOcsfDetectionFindingWithTheContractFields() throws Exception {
        List<Incident> revisions = IncidentRuns.bittorrent(Fixtures.libvirtVm("build-07"));
        assertThat(revisions).extracting(Incident::getActivity).contains(IncidentActivity.CREATE, IncidentActivity.CLOSE);
        for (Incident i : revisions) {
            String line = OcsfJson.toJson(i);
            assertThat(line).doesNotContain("\n");
            JsonNode o = parse(line);
            Set<ValidationMessage> errors = schema.validate(o);
            assertThat(errors).as(line).isEmpty();
            int activity = switch (i.getActivity()) { case CREATE -> 1; case UPDATE -> 2; case CLOSE -> 3; };
            assertThat(o.path("activity_id").asInt()).isEqualTo(activity);
            assertThat(o.path("type_uid").asInt()).isEqualTo(200400 + activity);
            assertThat(o.path("class_uid").asInt()).isEqualTo(2004);
            assertThat(o.path("category_uid").asInt()).isEqualTo(2);
            assertThat(o.path("finding_info").path("uid").asText()).isEqualTo(i.getFindingUid());
            assertThat(o.path("finding_info").path("types").get(0).asText()).isEqualTo("p2p-filesharing");
            assertThat(o.path("finding_info").path("analytic").path("uid").asText()).isEqualTo("bt-peer-fanout");
            assertThat(o.path("finding_info").path("first_seen_time").asLong()).isEqualTo(i.getFirstSeen());
            assertThat(o.path("finding_info").path("last_seen_time").asLong()).isEqualTo(i.getLastSeen());
            assertThat(o.path("device").path("uid").asText()).isEqualTo(i.getVm().getUuid());
            assertThat(o.path("device").path("name").asText()).isEqualTo("build-07");
            assertThat(o.path("device").path("owner").path("name").asText()).isEqualTo("alice");
            assertThat(o.path("metadata").path("version").asText()).isEqualTo("1.3.0");
            assertThat(o.path("severity_id").asInt()).isEqualTo(4);
            JsonNode u = o.path("unmapped");
            assertThat(u.path("evidence_digest").path("root").asText()).isEqualTo(i.getEvidenceDigest().getRoot());
            assertThat(u.path("leak_scope").path("upper_bound").asBoolean()).isTrue();
            assertThat(u.path("leak_scope").path("statement").asText()).startsWith("Upper bound");
            assertThat(u.path("response").size()).isGreaterThan(0);
            assertThat(u.path("assessment").path("verdict").asText()).isEqualTo("suspicious");
            assertThat(o.path("evidences").size()).isEqualTo(i.getEvidence().size());
            JsonNode ev = o.path("evidences").get(0).path("data");
            assertThat(ev.path("source").path("name").asText()).isNotEmpty();
            assertThat(ev.path("raw_sha256").asText()).hasSize(64);
            assertThat(ev.has("merkle_path")).isTrue();
        }
    }

    @Test
    void theSchemaRejectsFindingsThatBreakTheClass() throws Exception {
        ObjectNode o = (ObjectNode) parse(OcsfJson.toJson(IncidentRuns.bittorrent(Fixtures.libvirtVm("x")).get(0)));
        ObjectNode noInfo = o.deepCopy();
        noInfo.remove("finding_info");
        assertThat(schema.validate(noInfo)).isNotEmpty();
        ObjectNode wrongType = o.deepCopy();
        wrongType.put("time", "yesterday");
        assertThat(schema.validate(wrongType)).isNotEmpty();
        ObjectNode wrongTypeUid = o.deepCopy();
        wrongTypeUid.put("type_uid", 200403);
        assertThat(schema.validate(wrongTypeUid)).as("type_uid must match activity_id").isNotEmpty();
        ObjectNode stray = o.deepCopy();
        stray.put("severityid", 4);
        assertThat(schema.validate(stray)).isNotEmpty();
    }

    @Test
    void unattributedVmWithoutPlatformStillGivesAValidFinding() throws Exception {
        List<Incident> revs = IncidentRuns.run(io.peerwatch.incidents.IncidentConfig.defaults(), List.of(
                Fixtures.upload("addr:site-a/10.0.0.9", null, Fixtures.T0, "203.0.113.1", 10, 1)));
        for (Incident i : revs) {
            JsonNode o = parse(OcsfJson.toJson(i));
            assertThat(schema.validate(o)).isEmpty();
            assertThat(o.path("device").path("uid").asText()).isEqualTo("addr:site-a/10.0.0.9");
            assertThat(o.path("device").path("type_id").asInt()).isZero();
            assertThat(o.path("unmapped").path("response").get(0).path("command").asText()).contains("nft add rule");
        }
    }

    @Test
    void logInjectionIsEscapedAndEveryStringIsBounded() throws Exception {
        String evil = "web-01\n{\"class_uid\":1}\u001b[31mRED\u001b[0m\"quoted\"\u2028next\u0085\u009b2J\u202Eevil";
        VmRef vm = VmRef.newBuilder(Fixtures.libvirtVm("x")).setName(evil).setOwner("o".repeat(100_000)).build();
        Incident i = IncidentRuns.bittorrent(vm).get(0);
        String line = OcsfJson.toJson(i);
        assertThat(line).doesNotContain("\n", "\r", "\u001b", "\u2028", "\u0085", "\u009b", "\u202E");
        assertThat(line).contains("\\u001B[31mRED", "\\n{\\\"class_uid\\\":1}", "\\u2028", "\\u0085", "\\u009B", "\\u202E");
        JsonNode o = parse(line);
        assertThat(schema.validate(o)).isEmpty();
        assertThat(o.path("device").path("name").asText()).isEqualTo(evil);
        assertThat(o.path("device").path("owner").path("name").asText()).hasSizeLessThanOrEqualTo(OcsfJson.MAX_SHORT + 40)
                .contains(SafeJson.TRUNCATION_MARKER);
        assertThat(line.length()).isLessThan(64_000);
    }

    @Test
    void theOcsfLineReadsBackIntoTheSameIncident() throws Exception {
        for (Incident i : IncidentRuns.bittorrent(Fixtures.libvirtVm("build-07"))) {
            Incident back = OcsfReader.fromJson(OcsfJson.toJson(i));
            assertThat(back).isEqualTo(i);
        }
    }

    @Test
    void readingSomethingElseFailsClearly() {
        assertThatThrownBy(() -> OcsfReader.fromJson("{\"class_uid\":4001}")).hasMessageContaining("Detection Finding");
        assertThatThrownBy(() -> OcsfReader.fromJson("not json")).hasMessageContaining("not JSON");
    }

    @Test
    void ecsProjectionCarriesTheVmRuleTimesAndEvidence() throws Exception {
        Incident i = IncidentRuns.bittorrent(Fixtures.libvirtVm("build-07")).get(0);
        JsonNode e = parse(EcsJson.toJson(i));
        assertThat(e.path("event").path("kind").asText()).isEqualTo("alert");
        assertThat(e.path("event").path("type").get(0).asText()).isEqualTo("start");
        assertThat(e.path("event").path("severity").asInt()).isEqualTo(73);
        assertThat(e.path("rule").path("id").asText()).isEqualTo("bt-peer-fanout");
        assertThat(e.path("host").path("id").asText()).isEqualTo(i.getVm().getUuid());
        assertThat(e.path("host").path("name").asText()).isEqualTo("build-07");
        assertThat(e.path("@timestamp").asText()).endsWith("Z");
        assertThat(e.path("peerwatch").path("evidence_digest").path("root").asText()).isEqualTo(i.getEvidenceDigest().getRoot());
        assertThat(e.path("peerwatch").path("evidence").size()).isEqualTo(i.getEvidence().size());
    }
}
