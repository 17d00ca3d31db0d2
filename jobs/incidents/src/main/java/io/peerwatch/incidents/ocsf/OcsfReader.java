package io.peerwatch.incidents.ocsf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.peerwatch.schema.Assessment;
import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.EvidenceDigest;
import io.peerwatch.schema.EvidenceProof;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.IncidentActivity;
import io.peerwatch.schema.LeakScope;
import io.peerwatch.schema.PeerVolume;
import io.peerwatch.schema.ResponseStep;
import io.peerwatch.schema.SourceRef;
import io.peerwatch.schema.TimelineEntry;
import io.peerwatch.schema.VmRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a peerwatch OCSF line back into an {@link Incident} (as written by {@link OcsfJson}; strings that were cut
 * stay cut). Used by {@code bin/peerwatch show} and {@code verify-evidence} on the backfill's output file.
 */
public final class OcsfReader {
    private OcsfReader() {}

    /** @throws IllegalArgumentException when the line is not JSON or not a peerwatch Detection Finding */
    public static Incident fromJson(String line) {
        JsonNode o;
        try {
            o = SafeJson.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (o == null || o.path("class_uid").asInt() != OcsfJson.CLASS_UID) {
            throw new IllegalArgumentException("not an OCSF Detection Finding (class_uid " + OcsfJson.CLASS_UID + ")");
        }
        JsonNode fi = req(o, "finding_info");
        JsonNode u = req(o, "unmapped");
        JsonNode inc = req(u, "incident");
        JsonNode vmn = u.path("vm");
        JsonNode ls = req(u, "leak_scope");
        JsonNode dg = req(u, "evidence_digest");

        Incident.Builder b = Incident.newBuilder()
                .setFindingUid(text(fi, "uid"))
                .setActivity(IncidentActivity.valueOf(text(inc, "activity")))
                .setRevision(inc.path("revision").asInt())
                .setCategory(text(inc, "category"))
                .setPatternId(text(fi.path("analytic"), "uid"))
                .setPatternVersion(orElse(fi.path("analytic"), "version", "1"))
                .setTitle(orElse(fi, "title", ""))
                .setSeverity(orElse(inc, "severity", "MEDIUM"))
                .setConfidence(inc.path("confidence").asDouble())
                .setFirstSeen(fi.path("first_seen_time").asLong())
                .setLastSeen(fi.path("last_seen_time").asLong())
                .setEmittedAt(inc.path("emitted_at").asLong(o.path("time").asLong()))
                .setVmKey(orElse(vmn, "vm_key", text(o.path("device"), "uid")))
                .setVm(vm(vmn))
                .setAttribution(binding(u.path("attribution")))
                .setSignalKinds(strings(inc.path("signal_kinds")))
                .setTimeline(timeline(inc.path("timeline")))
                .setLeakScope(leakScope(ls))
                .setAssessment(new Assessment(orElse(u.path("assessment"), "verdict", ""), orElse(u.path("assessment"), "reason", "")))
                .setResponse(response(u.path("response")))
                .setSuppressed(inc.path("suppressed").asBoolean(false))
                .setSuppressionReason(optional(inc, "suppression_reason"))
                .setInvestigationId(optional(u, "investigation_id"))
                .setEvidenceDigest(new EvidenceDigest(text(dg, "algorithm"), text(dg, "root"), dg.path("count").asInt()));
        List<EvidenceRef> items = new ArrayList<>();
        List<EvidenceProof> proofs = new ArrayList<>();
        for (JsonNode e : o.path("evidences")) {
            JsonNode d = e.path("data");
            if (d.isMissingNode()) continue;
            EvidenceRef ref = evidenceRef(d);
            items.add(ref);
            if (d.has("leaf_index")) {
                proofs.add(new EvidenceProof(ref.getEventId(), d.path("leaf_index").asLong(), strings(d.path("merkle_path"))));
            }
        }
        b.setEvidence(items).setEvidenceProofs(proofs);
        return b.build();
    }

    static EvidenceRef evidenceRef(JsonNode d) {
        JsonNode s = req(d, "source");
        return EvidenceRef.newBuilder()
                .setEventId(text(d, "event_id"))
                .setFormat(text(d, "format"))
                .setSource(new SourceRef(text(s, "kind"), text(s, "name"), s.path("partition").asInt(-1),
                        s.path("offset").asLong(-1), s.path("line").asLong(-1)))
                .setRawSha256(text(d, "raw_sha256"))
                .setEventTime(d.path("event_time").asLong())
                .setSummary(orElse(d, "summary", ""))
                .build();
    }

    private static VmRef vm(JsonNode v) {
        if (v.isMissingNode() || (!v.has("uuid") && !v.has("name") && !v.has("instance_id") && !v.has("platform"))) return null;
        Map<String, String> tags = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.path("tags").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            tags.put(e.getKey(), e.getValue().asText());
        }
        return VmRef.newBuilder()
                .setUuid(optional(v, "uuid")).setName(optional(v, "name")).setInstanceId(optional(v, "instance_id"))
                .setPlatform(orElse(v, "platform", "unknown")).setHypervisorHost(optional(v, "hypervisor_host"))
                .setNetwork(optional(v, "network")).setMac(optional(v, "mac")).setOwner(optional(v, "owner"))
                .setTenant(optional(v, "tenant")).setTags(tags)
                .build();
    }

    private static BindingRef binding(JsonNode a) {
        if (a.isMissingNode()) return null;
        return BindingRef.newBuilder()
                .setScope(orElse(a, "scope", "")).setAddress(orElse(a, "address", "")).setMac(optional(a, "mac"))
                .setSource(orElse(a, "source", "")).setValidFrom(a.path("valid_from").asLong())
                .setValidTo(a.has("valid_to") ? a.path("valid_to").asLong() : null)
                .setEvidence(a.has("evidence") ? evidenceRef(a.path("evidence")) : null)
                .build();
    }

    private static LeakScope leakScope(JsonNode s) {
        List<PeerVolume> top = new ArrayList<>();
        for (JsonNode p : s.path("top_peers")) {
            top.add(new PeerVolume(p.path("ip").asText(), p.path("port").asInt(), p.path("bytes_out").asLong(), p.path("bytes_in").asLong()));
        }
        return LeakScope.newBuilder()
                .setBytesOutToPeers(s.path("bytes_out_to_peers").asLong())
                .setBytesOutTotal(s.path("bytes_out_total").asLong())
                .setBytesInFromPeers(s.path("bytes_in_from_peers").asLong())
                .setDistinctPeers(s.path("distinct_peers").asInt())
                .setTopPeers(top)
                .setInfoHashes(strings(s.path("info_hashes")))
                .setTrackerHosts(strings(s.path("tracker_hosts")))
                .setClientProcess(optional(s, "client_process"))
                .setClientCommandLine(optional(s, "client_command_line"))
                .setDurationMs(s.path("duration_ms").asLong())
                .setUpperBound(s.path("upper_bound").asBoolean(true))
                .setStatement(orElse(s, "statement", ""))
                .build();
    }

    private static List<TimelineEntry> timeline(JsonNode a) {
        List<TimelineEntry> out = new ArrayList<>();
        for (JsonNode t : a) out.add(new TimelineEntry(t.path("time").asLong(), t.path("kind").asText(), t.path("summary").asText()));
        return out;
    }

    private static List<ResponseStep> response(JsonNode a) {
        List<ResponseStep> out = new ArrayList<>();
        for (JsonNode r : a) out.add(new ResponseStep(r.path("action").asText(), r.path("command").asText(), r.path("platform").asText()));
        return out;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : a) out.add(s.asText());
        return out;
    }

    private static JsonNode req(JsonNode o, String field) {
        JsonNode n = o.path(field);
        if (n.isMissingNode() || n.isNull()) throw new IllegalArgumentException("missing '" + field + "'");
        return n;
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = req(o, field);
        return n.asText();
    }

    private static String optional(JsonNode o, String field) {
        JsonNode n = o.path(field);
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static String orElse(JsonNode o, String field, String dflt) {
        String v = optional(o, field);
        return v == null ? dflt : v;
    }
}
