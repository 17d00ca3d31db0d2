package io.peerwatch.detect;

import io.peerwatch.common.Hashing;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.Direction;
import io.peerwatch.schema.DnsQuery;
import io.peerwatch.schema.HttpRequest;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.ProcessStart;
import io.peerwatch.schema.ProtocolHint;
import io.peerwatch.schema.SourceRef;
import io.peerwatch.schema.TlsSession;
import io.peerwatch.schema.VmRef;
import io.peerwatch.schema.VmSide;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Hand-built attributed events for tests: one VM's view of flows and app-layer records. */
public final class TestEvents {
    public static final long T0 = Instant.parse("2026-11-09T10:00:00Z").toEpochMilli();
    private static final AtomicLong LINE = new AtomicLong();

    private TestEvents() {}

    public static long at(int seconds) { return T0 + seconds * 1000L; }

    public static VmRef vm(String vmKey) {
        return VmRef.newBuilder().setUuid(vmKey).setName("vm-" + vmKey).setPlatform("libvirt").setTags(Map.of()).build();
    }

    private static NormalizedEvent event(String format, long time, Object body, String discriminator) {
        long line = LINE.incrementAndGet();
        String raw = Hashing.sha256Hex(format + "|" + time + "|" + discriminator + "|" + line);
        SourceRef src = SourceRef.newBuilder().setKind("file").setName("/test/" + format + ".log").setPartition(-1).setOffset(-1).setLine(line).build();
        return NormalizedEvent.newBuilder()
                .setEventId(Hashing.sha256HexOf(format, Long.toString(time), discriminator, raw))
                .setFormat(format).setSource(src).setRawSha256(raw).setEventTime(time)
                .setNetworkScope("default").setSensor("test").setBody(body).build();
    }

    private static VmSide.Builder side(String vmKey, Direction dir, String localIp, int localPort, String remoteIp, int remotePort) {
        return VmSide.newBuilder().setAttributed(true).setVmKey(vmKey).setVm(vm(vmKey)).setDirection(dir)
                .setLocalIp(localIp).setLocalPort(localPort).setRemoteIp(remoteIp).setRemotePort(remotePort);
    }

    /** A flow the VM originated (OUTBOUND) unless {@code inbound}. Times: end = {@code time}. */
    public static AttributedEvent flow(String vmKey, long time, String proto, int localPort, String remoteIp, int remotePort,
                                       long bytesOut, long bytesIn, boolean inbound) {
        String localIp = "10.1.0." + (Math.abs(vmKey.hashCode()) % 200 + 2);
        NetworkFlow f = NetworkFlow.newBuilder().setProto(proto)
                .setSrcIp(inbound ? remoteIp : localIp).setSrcPort(inbound ? remotePort : localPort)
                .setDstIp(inbound ? localIp : remoteIp).setDstPort(inbound ? localPort : remotePort)
                .setStartTime(time - 1000).setEndTime(time)
                .setSrcBytes(inbound ? bytesIn : bytesOut).setDstBytes(inbound ? bytesOut : bytesIn)
                .setSrcPackets(1).setDstPackets(1).build();
        NormalizedEvent e = event("zeek-conn", time, f, vmKey + proto + localPort + remoteIp + remotePort);
        return new AttributedEvent(e, side(vmKey, inbound ? Direction.INBOUND : Direction.OUTBOUND, localIp, localPort, remoteIp, remotePort)
                .setBytesOut(bytesOut).setBytesIn(bytesIn).setPacketsOut(1).setPacketsIn(1).build());
    }

    public static AttributedEvent flow(String vmKey, long time, String proto, int localPort, String remoteIp, int remotePort,
                                       long bytesOut, long bytesIn) {
        return flow(vmKey, time, proto, localPort, remoteIp, remotePort, bytesOut, bytesIn, false);
    }

    public static AttributedEvent dns(String vmKey, long time, String query) {
        DnsQuery q = DnsQuery.newBuilder().setSrcIp("10.1.0.9").setSrcPort(40000).setDstIp("10.1.0.1").setDstPort(53).setQuery(query).build();
        return new AttributedEvent(event("zeek-dns", time, q, vmKey + query),
                side(vmKey, Direction.OUTBOUND, "10.1.0.9", 40000, "10.1.0.1", 53).build());
    }

    public static AttributedEvent dnsAnswered(String vmKey, long time, String query) {
        DnsQuery q = DnsQuery.newBuilder().setSrcIp("10.1.0.1").setSrcPort(53).setDstIp("10.1.0.9").setDstPort(40000).setQuery(query).build();
        return new AttributedEvent(event("zeek-dns", time, q, vmKey + query),
                side(vmKey, Direction.INBOUND, "10.1.0.1", 53, "10.1.0.9", 40000).build());
    }

    public static AttributedEvent http(String vmKey, long time, String host, String uri, String userAgent) {
        HttpRequest h = HttpRequest.newBuilder().setSrcIp("10.1.0.9").setSrcPort(41000).setDstIp("198.51.100.7").setDstPort(6969)
                .setMethod("GET").setHost(host).setUri(uri).setUserAgent(userAgent).build();
        return new AttributedEvent(event("zeek-http", time, h, vmKey + host + uri),
                side(vmKey, Direction.OUTBOUND, "10.1.0.9", 41000, "198.51.100.7", 6969).build());
    }

    public static AttributedEvent tls(String vmKey, long time, String sni) {
        TlsSession t = TlsSession.newBuilder().setSrcIp("10.1.0.9").setSrcPort(41001).setDstIp("198.51.100.8").setDstPort(443)
                .setServerName(sni).build();
        return new AttributedEvent(event("zeek-ssl", time, t, vmKey + sni),
                side(vmKey, Direction.OUTBOUND, "10.1.0.9", 41001, "198.51.100.8", 443).build());
    }

    public static AttributedEvent hint(String vmKey, long time, String protocol, String kind, String signature, int localPort) {
        ProtocolHint p = ProtocolHint.newBuilder().setSrcIp("10.1.0.9").setSrcPort(localPort).setDstIp("10.1.0.10").setDstPort(50759)
                .setProto("udp").setProtocol(protocol).setKind(kind).setSignature(signature).setDetail(Map.of()).build();
        return new AttributedEvent(event("suricata-eve", time, p, vmKey + protocol + kind),
                side(vmKey, Direction.OUTBOUND, "10.1.0.9", localPort, "10.1.0.10", 50759).build());
    }

    public static AttributedEvent process(String vmKey, long time, String image, String commandLine) {
        ProcessStart p = ProcessStart.newBuilder().setImage(image).setCommandLine(commandLine).setIp("10.1.0.9").build();
        return new AttributedEvent(event("sysmon", time, p, vmKey + image),
                side(vmKey, Direction.OUTBOUND, "10.1.0.9", 0, null, 0).build());
    }

    /** A public peer address derived from an index (distinct per index). */
    public static String peer(int i) {
        return (80 + i % 60) + "." + (i * 7 % 250 + 1) + "." + (i * 13 % 250 + 1) + "." + (i % 250 + 1);
    }

    /** A peer's listen port derived from an index (diverse, unregistered, high). */
    public static int peerPort(int i) {
        int p = 20000 + (i * 7919) % 40000;
        while (io.peerwatch.detect.signal.PortRules.isService(p) || io.peerwatch.detect.signal.PortRules.lookalike(p) != null) p++;
        return p;
    }
}
