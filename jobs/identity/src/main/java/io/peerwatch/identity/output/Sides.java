package io.peerwatch.identity.output;

import io.peerwatch.identity.route.IdentityMessage;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.Direction;
import io.peerwatch.schema.DnsQuery;
import io.peerwatch.schema.HttpRequest;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.ProcessStart;
import io.peerwatch.schema.ProtocolHint;
import io.peerwatch.schema.TlsSession;
import io.peerwatch.schema.VmRef;
import io.peerwatch.schema.VmSide;

/**
 * Builds the VM's view of an event: which address is local, which remote, and bytes/packets from the VM's side
 * (a flow's src sent srcBytes; seen from its dst, those are bytes in).
 */
public final class Sides {
    private Sides() {}

    public static AttributedEvent attributed(IdentityMessage m, String vmKey, VmRef vm, BindingRef binding) {
        return new AttributedEvent(m.event, view(m, true, null, vmKey, vm, binding));
    }

    public static AttributedEvent unattributed(IdentityMessage m, String reason, String vmKey) {
        return new AttributedEvent(m.event, view(m, false, reason, vmKey, null, null));
    }

    static VmSide view(IdentityMessage m, boolean attributed, String reason, String vmKey, VmRef vm, BindingRef binding) {
        VmSide.Builder b = VmSide.newBuilder()
                .setAttributed(attributed)
                .setUnattributedReason(reason)
                .setVmKey(vmKey)
                .setVm(vm)
                .setBinding(binding)
                .setDirection(m.srcSide ? Direction.OUTBOUND : Direction.INBOUND);
        Object body = m.event.getBody();
        String src, dst;
        int srcPort, dstPort;
        if (body instanceof NetworkFlow f) {
            src = f.getSrcIp(); dst = f.getDstIp(); srcPort = f.getSrcPort(); dstPort = f.getDstPort();
            b.setBytesOut(m.srcSide ? f.getSrcBytes() : f.getDstBytes())
                    .setBytesIn(m.srcSide ? f.getDstBytes() : f.getSrcBytes())
                    .setPacketsOut(m.srcSide ? f.getSrcPackets() : f.getDstPackets())
                    .setPacketsIn(m.srcSide ? f.getDstPackets() : f.getSrcPackets());
        } else if (body instanceof DnsQuery q) {
            src = q.getSrcIp(); dst = q.getDstIp(); srcPort = q.getSrcPort(); dstPort = q.getDstPort();
        } else if (body instanceof HttpRequest h) {
            src = h.getSrcIp(); dst = h.getDstIp(); srcPort = h.getSrcPort(); dstPort = h.getDstPort();
        } else if (body instanceof TlsSession t) {
            src = t.getSrcIp(); dst = t.getDstIp(); srcPort = t.getSrcPort(); dstPort = t.getDstPort();
        } else if (body instanceof ProtocolHint p) {
            src = p.getSrcIp(); dst = p.getDstIp(); srcPort = p.getSrcPort(); dstPort = p.getDstPort();
        } else if (body instanceof ProcessStart p) {
            src = p.getIp() == null ? "" : p.getIp(); dst = null; srcPort = 0; dstPort = 0;
        } else {
            src = ""; dst = null; srcPort = 0; dstPort = 0;
        }
        String local = m.srcSide ? src : dst;
        if (m.address != null) local = m.address;
        b.setLocalIp(local == null ? "" : local)
                .setLocalPort(m.srcSide ? srcPort : dstPort)
                .setRemoteIp(m.srcSide ? dst : src)
                .setRemotePort(m.srcSide ? dstPort : srcPort);
        return b.build();
    }
}
