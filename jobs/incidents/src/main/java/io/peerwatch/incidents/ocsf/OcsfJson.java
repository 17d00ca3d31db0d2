package io.peerwatch.incidents.ocsf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.EvidenceProof;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.LeakScope;
import io.peerwatch.schema.PeerVolume;
import io.peerwatch.schema.ResponseStep;
import io.peerwatch.schema.TimelineEntry;
import io.peerwatch.schema.VmRef;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An incident revision as one line of OCSF 1.3 Detection Finding JSON (class 2004). Standard attributes carry what
 * OCSF has a place for; {@code unmapped} carries the rest (leak scope, evidence digest, response, assessment,
 * attribution), so that the line alone is enough to show the incident ({@link OcsfReader}) and to verify its
 * evidence. The field mapping is tabled in jobs/incidents/README.md.
 */
public final class OcsfJson {
    public static final String OCSF_VERSION = "1.3.0";
    public static final int CLASS_UID = 2004;
    public static final int CATEGORY_UID = 2;
    public static final String PRODUCT = "peerwatch";

    static final int MAX_TEXT = 1024;
    static final int MAX_SHORT = 256;
    static final int MAX_COMMAND = 4096;
    static final int MAX_EVIDENCES = 64;
    static final int MAX_TIMELINE = 64;
    static final int MAX_PEERS = 25;
    static final int MAX_LIST = 64;
    static final int MAX_RESPONSE = 16;
    static final int MAX_TAGS = 32;

    private OcsfJson() {}

    public static String toJson(Incident i) {
        return SafeJson.write(toNode(i));
    }

    static ObjectNode toNode(Incident i) {
        ObjectNode o = SafeJson.MAPPER.createObjectNode();
        int activityId = activityId(i);
        o.put("class_uid", CLASS_UID);
        o.put("class_name", "Detection Finding");
        o.put("category_uid", CATEGORY_UID);
        o.put("category_name", "Findings");
        o.put("activity_id", activityId);
        o.put("activity_name", activityName(activityId));
        o.put("type_uid", CLASS_UID * 100 + activityId);
        o.put("type_name", "Detection Finding: " + activityName(activityId));
        o.put("time", i.getEmittedAt());
        o.put("start_time", i.getFirstSeen());
        o.put("end_time", i.getLastSeen());
        o.put("severity_id", severityId(i.getSeverity()));
        o.put("severity", severityCaption(i.getSeverity()));
        boolean closed = activityId == 3;
        o.put("status_id", closed ? 99 : 1);
        o.put("status", closed ? "Closed" : "New");
        int score = (int) Math.round(Math.max(0, Math.min(1, i.getConfidence())) * 100);
        o.put("confidence_id", score >= 75 ? 3 : score >= 40 ? 2 : 1);
        o.put("confidence", score >= 75 ? "High" : score >= 40 ? "Medium" : "Low");
        o.put("confidence_score", score);
        SafeJson.put(o, "message", message(i), MAX_TEXT);

        ObjectNode md = o.putObject("metadata");
        md.put("version", OCSF_VERSION);
        ObjectNode product = md.putObject("product");
        product.put("name", PRODUCT);
        product.put("vendor_name", PRODUCT);
        md.put("uid", i.getFindingUid() + "-r" + i.getRevision());
        md.put("correlation_uid", i.getFindingUid());

        ObjectNode fi = o.putObject("finding_info");
        fi.put("uid", i.getFindingUid());
        SafeJson.put(fi, "title", i.getTitle(), MAX_SHORT);
        SafeJson.put(fi, "desc", i.getLeakScope().getStatement(), MAX_TEXT);
        SafeJson.strings(fi, "types", List.of(i.getCategory()), 1, MAX_SHORT);
        ObjectNode an = fi.putObject("analytic");
        SafeJson.put(an, "uid", i.getPatternId(), MAX_SHORT);
        SafeJson.put(an, "name", i.getPatternId(), MAX_SHORT);
        boolean statistical = i.getCategory().equals("abnormal-transfer-volume");
        an.put("type_id", statistical ? 3 : 1);
        an.put("type", statistical ? "Statistical" : "Rule");
        SafeJson.put(an, "version", i.getPatternVersion(), MAX_SHORT);
        fi.put("first_seen_time", i.getFirstSeen());
        fi.put("last_seen_time", i.getLastSeen());
        fi.put("modified_time", i.getEmittedAt());
        TreeSet<String> sources = new TreeSet<>();
        for (EvidenceRef e : i.getEvidence()) sources.add(e.getFormat());
        if (i.getAttribution() != null) sources.add(i.getAttribution().getSource());
        SafeJson.strings(fi, "data_sources", sources, 16, MAX_SHORT);

        o.set("device", device(i));
        ArrayNode ev = o.putArray("evidences");
        Map<String, EvidenceProof> proofs = new HashMap<>();
        for (EvidenceProof p : i.getEvidenceProofs()) proofs.put(p.getEventId(), p);
        int n = 0;
        for (EvidenceRef e : i.getEvidence()) {
            if (n++ >= MAX_EVIDENCES) break;
            ev.addObject().set("data", evidence(e, proofs.get(e.getEventId())));
        }
        ObjectNode res = o.putArray("resources").addObject();
        res.put("uid", deviceUid(i));
        SafeJson.put(res, "name", i.getVm() == null ? null : i.getVm().getName(), MAX_SHORT);
        res.put("type", "Virtual Machine");
        if (i.getVm() != null && !i.getVm().getTags().isEmpty()) {
            ArrayNode labels = res.putArray("labels");
            int t = 0;
            for (Map.Entry<String, String> e : new TreeMap<>(i.getVm().getTags()).entrySet()) {
                if (t++ >= MAX_TAGS) break;
                labels.add(SafeJson.bound(e.getKey() + "=" + e.getValue(), MAX_SHORT));
            }
        }
        o.set("unmapped", unmapped(i));
        return o;
    }

    static int activityId(Incident i) {
        return switch (i.getActivity()) {
            case CREATE -> 1;
            case UPDATE -> 2;
            case CLOSE -> 3;
        };
    }

    static String activityName(int id) {
        return switch (id) {
            case 1 -> "Create";
            case 2 -> "Update";
            case 3 -> "Close";
            default -> "Other";
        };
    }

    static int severityId(String s) {
        return switch (s == null ? "" : s.toUpperCase(Locale.ROOT)) {
            case "LOW" -> 2;
            case "MEDIUM" -> 3;
            case "HIGH" -> 4;
            case "CRITICAL" -> 5;
            default -> 0;
        };
    }

    static String severityCaption(String s) {
        return switch (severityId(s)) {
            case 2 -> "Low";
            case 3 -> "Medium";
            case 4 -> "High";
            case 5 -> "Critical";
            default -> "Unknown";
        };
    }

    /** libvirt domain UUID, else cloud instance id, else the attribution key. */
    static String deviceUid(Incident i) {
        VmRef vm = i.getVm();
        if (vm != null && vm.getUuid() != null) return SafeJson.bound(vm.getUuid(), MAX_SHORT);
        if (vm != null && vm.getInstanceId() != null) return SafeJson.bound(vm.getInstanceId(), MAX_SHORT);
        return SafeJson.bound(i.getVmKey(), MAX_SHORT);
    }

    static String message(Incident i) {
        VmRef vm = i.getVm();
        String who = vm != null && vm.getName() != null ? vm.getName() : i.getVmKey();
        LeakScope s = i.getLeakScope();
        return i.getTitle() + " | VM " + who + (vm != null && vm.getOwner() != null ? " (owner " + vm.getOwner() + ")" : "")
                + " | up to " + s.getBytesOutToPeers() + " bytes out to " + s.getDistinctPeers() + " peers (upper bound)"
                + " | " + i.getAssessment().getVerdict();
    }

    private static ObjectNode device(Incident i) {
        ObjectNode d = SafeJson.MAPPER.createObjectNode();
        VmRef vm = i.getVm();
        d.put("type_id", vm == null ? 0 : 6);
        d.put("type", vm == null ? "Unknown" : "Virtual");
        d.put("uid", deviceUid(i));
        if (vm != null) {
            SafeJson.put(d, "name", vm.getName(), MAX_SHORT);
            SafeJson.put(d, "instance_uid", vm.getInstanceId() != null ? vm.getInstanceId() : vm.getUuid(), MAX_SHORT);
            SafeJson.put(d, "hostname", vm.getTags().get("hostname"), MAX_SHORT);
            if (!"unknown".equals(vm.getPlatform())) SafeJson.put(d, "hypervisor", vm.getPlatform(), MAX_SHORT);
            if (vm.getOwner() != null) SafeJson.put(d.putObject("owner"), "name", vm.getOwner(), MAX_SHORT);
            if (vm.getTenant() != null) SafeJson.put(d.putObject("org"), "name", vm.getTenant(), MAX_SHORT);
            if ("aws".equals(vm.getPlatform())) SafeJson.put(d, "vpc_uid", vm.getNetwork(), MAX_SHORT);
        }
        BindingRef b = i.getAttribution();
        String mac = vm != null && vm.getMac() != null ? vm.getMac() : b == null ? null : b.getMac();
        SafeJson.put(d, "mac", mac, MAX_SHORT);
        if (b != null) SafeJson.put(d, "ip", b.getAddress(), MAX_SHORT);
        return d;
    }

    static ObjectNode evidence(EvidenceRef e, EvidenceProof proof) {
        ObjectNode d = SafeJson.MAPPER.createObjectNode();
        // coordinates and hashes are never truncated: verification needs them exact
        d.put("event_id", e.getEventId());
        d.put("format", e.getFormat());
        ObjectNode src = d.putObject("source");
        src.put("kind", e.getSource().getKind());
        src.put("name", e.getSource().getName());
        src.put("partition", e.getSource().getPartition());
        src.put("offset", e.getSource().getOffset());
        src.put("line", e.getSource().getLine());
        d.put("raw_sha256", e.getRawSha256());
        d.put("event_time", e.getEventTime());
        SafeJson.put(d, "summary", e.getSummary(), MAX_SHORT);
        if (proof != null) {
            d.put("leaf_index", proof.getLeafIndex());
            ArrayNode p = d.putArray("merkle_path");
            for (String h : proof.getPath()) p.add(h);
        }
        return d;
    }

    private static ObjectNode unmapped(Incident i) {
        ObjectNode u = SafeJson.MAPPER.createObjectNode();
        ObjectNode inc = u.putObject("incident");
        inc.put("activity", i.getActivity().name());
        inc.put("revision", i.getRevision());
        inc.put("emitted_at", i.getEmittedAt());
        SafeJson.put(inc, "category", i.getCategory(), MAX_SHORT);
        SafeJson.put(inc, "severity", i.getSeverity(), MAX_SHORT);
        inc.put("confidence", i.getConfidence());
        SafeJson.strings(inc, "signal_kinds", i.getSignalKinds(), MAX_LIST, MAX_SHORT);
        ArrayNode tl = inc.putArray("timeline");
        int n = 0;
        for (TimelineEntry t : i.getTimeline()) {
            if (n++ >= MAX_TIMELINE) break;
            ObjectNode e = tl.addObject();
            e.put("time", t.getTime());
            SafeJson.put(e, "kind", t.getKind(), MAX_SHORT);
            SafeJson.put(e, "summary", t.getSummary(), MAX_SHORT);
        }
        if (i.getSuppressed()) {
            inc.put("suppressed", true);
            SafeJson.put(inc, "suppression_reason", i.getSuppressionReason(), MAX_TEXT);
        }

        ObjectNode vm = u.putObject("vm");
        SafeJson.put(vm, "vm_key", i.getVmKey(), MAX_SHORT);
        VmRef v = i.getVm();
        if (v != null) {
            SafeJson.put(vm, "uuid", v.getUuid(), MAX_SHORT);
            SafeJson.put(vm, "name", v.getName(), MAX_SHORT);
            SafeJson.put(vm, "instance_id", v.getInstanceId(), MAX_SHORT);
            SafeJson.put(vm, "platform", v.getPlatform(), MAX_SHORT);
            SafeJson.put(vm, "hypervisor_host", v.getHypervisorHost(), MAX_SHORT);
            SafeJson.put(vm, "network", v.getNetwork(), MAX_SHORT);
            SafeJson.put(vm, "mac", v.getMac(), MAX_SHORT);
            SafeJson.put(vm, "owner", v.getOwner(), MAX_SHORT);
            SafeJson.put(vm, "tenant", v.getTenant(), MAX_SHORT);
            ObjectNode tags = vm.putObject("tags");
            int t = 0;
            for (Map.Entry<String, String> e : new TreeMap<>(v.getTags()).entrySet()) {
                if (t++ >= MAX_TAGS) break;
                SafeJson.put(tags, SafeJson.bound(e.getKey(), MAX_SHORT), e.getValue(), MAX_SHORT);
            }
        }

        LeakScope s = i.getLeakScope();
        ObjectNode ls = u.putObject("leak_scope");
        ls.put("bytes_out_to_peers", s.getBytesOutToPeers());
        ls.put("bytes_out_total", s.getBytesOutTotal());
        ls.put("bytes_in_from_peers", s.getBytesInFromPeers());
        ls.put("distinct_peers", s.getDistinctPeers());
        ArrayNode top = ls.putArray("top_peers");
        n = 0;
        for (PeerVolume p : s.getTopPeers()) {
            if (n++ >= MAX_PEERS) break;
            ObjectNode pn = top.addObject();
            SafeJson.put(pn, "ip", p.getIp(), MAX_SHORT);
            pn.put("port", p.getPort());
            pn.put("bytes_out", p.getBytesOut());
            pn.put("bytes_in", p.getBytesIn());
        }
        SafeJson.strings(ls, "info_hashes", s.getInfoHashes(), MAX_LIST, MAX_SHORT);
        SafeJson.strings(ls, "tracker_hosts", s.getTrackerHosts(), MAX_LIST, MAX_SHORT);
        SafeJson.put(ls, "client_process", s.getClientProcess(), MAX_SHORT);
        SafeJson.put(ls, "client_command_line", s.getClientCommandLine(), MAX_COMMAND);
        ls.put("duration_ms", s.getDurationMs());
        ls.put("upper_bound", s.getUpperBound());
        SafeJson.put(ls, "statement", s.getStatement(), MAX_TEXT);

        ObjectNode dg = u.putObject("evidence_digest");
        dg.put("algorithm", i.getEvidenceDigest().getAlgorithm());
        dg.put("root", i.getEvidenceDigest().getRoot());
        dg.put("count", i.getEvidenceDigest().getCount());
        dg.put("leaf_encoding", io.peerwatch.incidents.evidence.EvidenceLeaf.VERSION);
        dg.put("listed", Math.min(i.getEvidence().size(), MAX_EVIDENCES));

        ObjectNode as = u.putObject("assessment");
        SafeJson.put(as, "verdict", i.getAssessment().getVerdict(), MAX_SHORT);
        SafeJson.put(as, "reason", i.getAssessment().getReason(), MAX_TEXT);

        ArrayNode resp = u.putArray("response");
        n = 0;
        for (ResponseStep r : i.getResponse()) {
            if (n++ >= MAX_RESPONSE) break;
            ObjectNode rn = resp.addObject();
            SafeJson.put(rn, "platform", r.getPlatform(), MAX_SHORT);
            SafeJson.put(rn, "action", r.getAction(), MAX_TEXT);
            SafeJson.put(rn, "command", r.getCommand(), MAX_COMMAND);
        }

        BindingRef b = i.getAttribution();
        if (b != null) {
            ObjectNode at = u.putObject("attribution");
            SafeJson.put(at, "scope", b.getScope(), MAX_SHORT);
            SafeJson.put(at, "address", b.getAddress(), MAX_SHORT);
            SafeJson.put(at, "mac", b.getMac(), MAX_SHORT);
            SafeJson.put(at, "source", b.getSource(), MAX_SHORT);
            at.put("valid_from", b.getValidFrom());
            if (b.getValidTo() != null) at.put("valid_to", b.getValidTo());
            if (b.getEvidence() != null) at.set("evidence", evidence(b.getEvidence(), null));
        }
        SafeJson.put(u, "investigation_id", i.getInvestigationId(), MAX_SHORT);
        return u;
    }
}
