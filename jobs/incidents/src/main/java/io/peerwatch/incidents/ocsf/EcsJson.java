package io.peerwatch.incidents.ocsf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.VmRef;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The same incident as an Elastic Common Schema (ECS 8.x) alert document, for SIEMs that speak ECS rather than
 * OCSF. Standard ECS fields carry the VM (host.*, cloud.*), the rule, times and severity; everything peerwatch
 * specific (leak scope, evidence, digest, response) is under {@code peerwatch.*}, taken from the OCSF mapping so
 * both stay in step. Same escaping and bounds as the OCSF output.
 */
public final class EcsJson {
    public static final String ECS_VERSION = "8.11.0";

    private EcsJson() {}

    public static String toJson(Incident i) {
        ObjectNode ocsf = OcsfJson.toNode(i);
        ObjectNode o = SafeJson.MAPPER.createObjectNode();
        o.put("@timestamp", Instant.ofEpochMilli(i.getEmittedAt()).toString());
        o.putObject("ecs").put("version", ECS_VERSION);
        SafeJson.put(o, "message", OcsfJson.message(i), OcsfJson.MAX_TEXT);

        ObjectNode ev = o.putObject("event");
        ev.put("kind", "alert");
        ev.putArray("category").add("network").add("intrusion_detection");
        ev.putArray("type").add(switch (i.getActivity()) {
            case CREATE -> "start";
            case UPDATE -> "change";
            case CLOSE -> "end";
        });
        ev.put("action", "incident-" + i.getActivity().name().toLowerCase(java.util.Locale.ROOT));
        ev.put("id", i.getFindingUid() + "-r" + i.getRevision());
        ev.put("severity", switch (OcsfJson.severityId(i.getSeverity())) {
            case 2 -> 21;
            case 3 -> 47;
            case 4 -> 73;
            case 5 -> 99;
            default -> 0;
        });
        ev.put("risk_score", Math.round(i.getConfidence() * 100));
        ev.put("start", Instant.ofEpochMilli(i.getFirstSeen()).toString());
        ev.put("end", Instant.ofEpochMilli(i.getLastSeen()).toString());
        ev.put("duration", Math.max(0, i.getLastSeen() - i.getFirstSeen()) * 1_000_000L);
        ev.put("dataset", "peerwatch.incident");
        ev.put("module", "peerwatch");
        SafeJson.put(ev, "reason", i.getAssessment().getReason(), OcsfJson.MAX_TEXT);

        ObjectNode rule = o.putObject("rule");
        SafeJson.put(rule, "id", i.getPatternId(), OcsfJson.MAX_SHORT);
        SafeJson.put(rule, "name", i.getTitle(), OcsfJson.MAX_SHORT);
        SafeJson.put(rule, "version", i.getPatternVersion(), OcsfJson.MAX_SHORT);
        SafeJson.put(rule, "category", i.getCategory(), OcsfJson.MAX_SHORT);
        rule.put("ruleset", "peerwatch");

        ObjectNode host = o.putObject("host");
        host.put("id", OcsfJson.deviceUid(i));
        host.put("type", "virtual");
        VmRef vm = i.getVm();
        BindingRef b = i.getAttribution();
        if (vm != null) {
            SafeJson.put(host, "name", vm.getName(), OcsfJson.MAX_SHORT);
            SafeJson.put(host, "hostname", vm.getTags().get("hostname"), OcsfJson.MAX_SHORT);
            if (vm.getInstanceId() != null) {
                ObjectNode cloud = o.putObject("cloud");
                SafeJson.put(cloud.putObject("instance"), "id", vm.getInstanceId(), OcsfJson.MAX_SHORT);
                if (!"unknown".equals(vm.getPlatform())) SafeJson.put(cloud, "provider", vm.getPlatform(), OcsfJson.MAX_SHORT);
            }
            if (!vm.getTags().isEmpty()) {
                ObjectNode labels = o.putObject("labels");
                int n = 0;
                for (Map.Entry<String, String> t : new TreeMap<>(vm.getTags()).entrySet()) {
                    if (n++ >= OcsfJson.MAX_TAGS) break;
                    // ECS labels keys must not contain dots
                    SafeJson.put(labels, SafeJson.bound(t.getKey().replace('.', '_'), OcsfJson.MAX_SHORT), t.getValue(), OcsfJson.MAX_SHORT);
                }
            }
        }
        String mac = vm != null && vm.getMac() != null ? vm.getMac() : b == null ? null : b.getMac();
        if (mac != null) host.putArray("mac").add(SafeJson.bound(mac, OcsfJson.MAX_SHORT));
        if (b != null) host.putArray("ip").add(SafeJson.bound(b.getAddress(), OcsfJson.MAX_SHORT));

        ObjectNode obs = o.putObject("observer");
        obs.put("vendor", OcsfJson.PRODUCT);
        obs.put("product", OcsfJson.PRODUCT);
        obs.put("type", "ids");

        ObjectNode pw = o.putObject("peerwatch");
        pw.put("finding_uid", i.getFindingUid());
        ObjectNode unmapped = (ObjectNode) ocsf.get("unmapped");
        pw.setAll(unmapped);
        ArrayNode evidence = pw.putArray("evidence");
        ocsf.path("evidences").forEach(e -> evidence.add(e.get("data")));
        return SafeJson.write(o);
    }
}
