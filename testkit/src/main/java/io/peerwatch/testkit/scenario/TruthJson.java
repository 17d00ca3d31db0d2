package io.peerwatch.testkit.scenario;

import io.peerwatch.testkit.scenario.format.Json;
import java.time.Instant;

/** Renders a scenario's estate and truth as JSON (truth.json), without a JSON library. */
final class TruthJson {
    private TruthJson() {}

    static String of(Scenario s) {
        ScenarioTruth t = s.truth();
        StringBuilder sb = new StringBuilder(4096 + 256 * s.vms().size());
        sb.append("{\n  \"spec\": ");
        Json.string(sb, s.spec().toString());
        sb.append(",\n  \"bittorrent\": {\"vm\": ");
        vmRef(sb, t.bittorrent().vm());
        sb.append(", \"local_port\": ").append(t.bittorrent().localPort());
        time(sb, "session_start", t.bittorrent().sessionStartMillis());
        time(sb, "first_peer_traffic", t.bittorrent().firstPeerTrafficMillis());
        time(sb, "session_end", t.bittorrent().sessionEndMillis());
        field(sb, "tracker_host", t.bittorrent().trackerHost());
        field(sb, "tracker_ip", t.bittorrent().trackerIp());
        sb.append(", \"tracker_port\": ").append(t.bittorrent().trackerPort());
        field(sb, "peer_id_prefix", t.bittorrent().peerIdPrefix());
        sb.append("},\n  \"address_reuse\": {");
        field0(sb, "ip", t.addressReuse().ip());
        sb.append(", \"releasing\": ");
        vmRef(sb, t.addressReuse().releasing());
        sb.append(", \"reusing\": ");
        vmRef(sb, t.addressReuse().reusing());
        time(sb, "release", t.addressReuse().releaseMillis());
        time(sb, "rebind", t.addressReuse().rebindMillis());
        sb.append("},\n  \"backup\": {\"vm\": ");
        vmRef(sb, t.backup().vm());
        field(sb, "target_host", t.backup().targetHost());
        field(sb, "target_ip", t.backup().targetIp());
        sb.append(", \"target_port\": ").append(t.backup().targetPort());
        field(sb, "window_start_utc", t.backup().windowStartUtc().toString());
        field(sb, "window_end_utc", t.backup().windowEndUtc().toString());
        sb.append(", \"runs\": [");
        for (int i = 0; i < t.backup().runStartsMillis().size(); i++) {
            if (i > 0) sb.append(", ");
            Json.string(sb, Instant.ofEpochMilli(t.backup().runStartsMillis().get(i)).toString());
        }
        sb.append("], \"bytes_per_run\": ").append(t.backup().bytesPerRun());
        sb.append("},\n  \"exfiltration\": {\"vm\": ");
        vmRef(sb, t.exfiltration().vm());
        field(sb, "usual_destination_host", t.exfiltration().usualDestinationHost());
        field(sb, "usual_destination_ip", t.exfiltration().usualDestinationIp());
        sb.append(", \"baseline_upload_bytes_per_hour\": ").append(t.exfiltration().baselineUploadBytesPerHour());
        time(sb, "start", t.exfiltration().startMillis());
        time(sb, "end", t.exfiltration().endMillis());
        field(sb, "destination_host", t.exfiltration().destinationHost());
        field(sb, "destination_ip", t.exfiltration().destinationIp());
        sb.append(", \"destination_port\": ").append(t.exfiltration().destinationPort());
        sb.append(", \"bytes\": ").append(t.exfiltration().bytes());
        sb.append("},\n  \"lookalikes\": [");
        for (int i = 0; i < t.lookalikes().size(); i++) {
            if (i > 0) sb.append(", ");
            vmRef(sb, t.lookalikes().get(i));
        }
        sb.append("],\n  \"hypervisors\": [");
        for (int i = 0; i < s.hypervisors().size(); i++) {
            Hypervisor h = s.hypervisors().get(i);
            sb.append(i > 0 ? ",\n    " : "\n    ").append('{');
            field0(sb, "name", h.name());
            field(sb, "gateway", h.gatewayIp());
            field(sb, "subnet_id", h.subnetId());
            sb.append('}');
        }
        sb.append("\n  ],\n  \"vms\": [");
        for (int i = 0; i < s.vms().size(); i++) {
            ScenarioVm v = s.vms().get(i);
            sb.append(i > 0 ? ",\n    " : "\n    ").append('{');
            field0(sb, "name", v.name());
            field(sb, "uuid", v.uuid());
            field(sb, "mac", v.mac());
            field(sb, "ip", v.ip());
            field(sb, "instance_id", v.instanceId());
            field(sb, "interface_id", v.interfaceId());
            field(sb, "hypervisor", v.hypervisor());
            field(sb, "role", v.role().name().toLowerCase());
            time(sb, "boot", v.bootAtMillis());
            if (!v.runsToEnd()) time(sb, "stop", v.stopAtMillis());
            sb.append('}');
        }
        sb.append("\n  ]\n}\n");
        return sb.toString();
    }

    private static void vmRef(StringBuilder sb, ScenarioVm v) {
        sb.append('{');
        field0(sb, "name", v.name());
        field(sb, "uuid", v.uuid());
        field(sb, "ip", v.ip());
        field(sb, "instance_id", v.instanceId());
        sb.append('}');
    }

    private static void field0(StringBuilder sb, String name, String value) {
        sb.append('"').append(name).append("\": ");
        Json.string(sb, value);
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append(", ");
        field0(sb, name, value);
    }

    private static void time(StringBuilder sb, String name, long millis) {
        field(sb, name, Instant.ofEpochMilli(millis).toString());
    }
}
