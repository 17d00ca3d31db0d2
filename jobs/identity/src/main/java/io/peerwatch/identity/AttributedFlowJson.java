package io.peerwatch.identity;

import io.peerwatch.identity.output.JsonLine;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.DnsQuery;
import io.peerwatch.schema.HttpRequest;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.ProcessStart;
import io.peerwatch.schema.ProtocolHint;
import io.peerwatch.schema.TlsSession;
import io.peerwatch.schema.VmRef;
import io.peerwatch.schema.VmSide;
import java.time.Instant;
import java.util.Locale;

/**
 * One JSON line per attributed event, the output of {@code bin/peerwatch attribute}. Fields (see README):
 * time/end (ISO-8601 UTC), event kind, format, event_id, proto, the 5-tuple as logged, direction
 * (outbound/inbound from the VM's side), local/remote address and port, bytes/packets out/in, attribution
 * ("attributed" or "unattributed"), reason, vm_key, vm_uuid, vm_name, instance_id, host, network, mac and the
 * binding used (source, scope, address, mac, valid_from, valid_to). Strings are escaped and bounded.
 */
public final class AttributedFlowJson {
    private AttributedFlowJson() {}

    /** True for records whose event is a network flow (the attribute command writes those). */
    public static boolean isFlow(AttributedEvent a) {
        return a.getEvent().getBody() instanceof NetworkFlow;
    }

    public static String toJsonLine(AttributedEvent a) {
        NormalizedEvent e = a.getEvent();
        VmSide side = a.getSide();
        Object body = e.getBody();
        JsonLine j = new JsonLine();
        long start = e.getEventTime(), end = e.getEventTime();
        if (body instanceof NetworkFlow f) {
            start = f.getStartTime();
            end = f.getEndTime();
        }
        j.field("time", iso(start)).field("end", iso(end)).field("event", kind(body))
                .field("format", e.getFormat()).field("event_id", e.getEventId());
        tuple(j, body);
        j.field("direction", side.getDirection().name().toLowerCase(Locale.ROOT))
                .field("local_ip", side.getLocalIp()).field("local_port", side.getLocalPort())
                .field("remote_ip", side.getRemoteIp()).field("remote_port", side.getRemotePort())
                .field("bytes_out", side.getBytesOut()).field("bytes_in", side.getBytesIn())
                .field("packets_out", side.getPacketsOut()).field("packets_in", side.getPacketsIn())
                .field("attribution", side.getAttributed() ? "attributed" : "unattributed")
                .field("reason", side.getUnattributedReason())
                .field("vm_key", side.getVmKey());
        VmRef vm = side.getVm();
        j.field("vm_uuid", vm == null ? null : vm.getUuid())
                .field("vm_name", vm == null ? null : vm.getName())
                .field("instance_id", vm == null ? null : vm.getInstanceId())
                .field("host", vm == null ? null : vm.getHypervisorHost())
                .field("network", vm == null ? null : vm.getNetwork())
                .field("mac", vm == null ? null : vm.getMac());
        BindingRef b = side.getBinding();
        if (b == null) {
            j.nullObject("binding");
        } else {
            j.object("binding", new JsonLine()
                    .field("source", b.getSource()).field("scope", b.getScope()).field("address", b.getAddress())
                    .field("mac", b.getMac()).field("valid_from", iso(b.getValidFrom()))
                    .field("valid_to", b.getValidTo() == null ? null : iso(b.getValidTo())));
        }
        return j.end();
    }

    private static void tuple(JsonLine j, Object body) {
        if (body instanceof NetworkFlow f) {
            j.field("proto", f.getProto()).field("src_ip", f.getSrcIp()).field("src_port", f.getSrcPort())
                    .field("dst_ip", f.getDstIp()).field("dst_port", f.getDstPort());
        } else if (body instanceof DnsQuery q) {
            j.field("proto", "udp").field("src_ip", q.getSrcIp()).field("src_port", q.getSrcPort())
                    .field("dst_ip", q.getDstIp()).field("dst_port", q.getDstPort()).field("query", q.getQuery());
        } else if (body instanceof HttpRequest h) {
            j.field("proto", "tcp").field("src_ip", h.getSrcIp()).field("src_port", h.getSrcPort())
                    .field("dst_ip", h.getDstIp()).field("dst_port", h.getDstPort()).field("http_host", h.getHost());
        } else if (body instanceof TlsSession t) {
            j.field("proto", "tcp").field("src_ip", t.getSrcIp()).field("src_port", t.getSrcPort())
                    .field("dst_ip", t.getDstIp()).field("dst_port", t.getDstPort()).field("server_name", t.getServerName());
        } else if (body instanceof ProtocolHint p) {
            j.field("proto", p.getProto()).field("src_ip", p.getSrcIp()).field("src_port", p.getSrcPort())
                    .field("dst_ip", p.getDstIp()).field("dst_port", p.getDstPort()).field("protocol", p.getProtocol());
        } else if (body instanceof ProcessStart p) {
            j.field("src_ip", p.getIp()).field("image", p.getImage());
        }
    }

    private static String kind(Object body) {
        if (body instanceof NetworkFlow) return "flow";
        if (body instanceof DnsQuery) return "dns";
        if (body instanceof HttpRequest) return "http";
        if (body instanceof TlsSession) return "tls";
        if (body instanceof ProtocolHint) return "protocol-hint";
        if (body instanceof ProcessStart) return "process";
        return "other";
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
