package io.peerwatch.identity.testing;

import io.peerwatch.common.Hashing;
import io.peerwatch.schema.AddressBinding;
import io.peerwatch.schema.BindingAction;
import io.peerwatch.schema.DnsQuery;
import io.peerwatch.schema.LifecycleState;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.Nic;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.ProcessStart;
import io.peerwatch.schema.SourceRef;
import io.peerwatch.schema.VmDefinition;
import io.peerwatch.schema.VmLifecycle;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Builders of normalized events for tests (what the normalize job would emit). */
public final class Ev {
    public static final long T0 = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();
    private static final AtomicLong SEQ = new AtomicLong();

    private Ev() {}

    public static long at(int minutes, int seconds) {
        return T0 + minutes * 60_000L + seconds * 1000L;
    }

    public static long min(int minutes) {
        return at(minutes, 0);
    }

    private static NormalizedEvent envelope(String format, long time, Object body) {
        long n = SEQ.incrementAndGet();
        SourceRef src = new SourceRef("file", "test-" + format, -1, -1L, n);
        String raw = Hashing.sha256Hex(format + n + body);
        return NormalizedEvent.newBuilder()
                .setEventId(Hashing.eventId(src, raw, 0))
                .setFormat(format)
                .setSource(src)
                .setRawSha256(raw)
                .setEventTime(time)
                .setNetworkScope(null)
                .setSensor(null)
                .setBody(body)
                .build();
    }

    public static NormalizedEvent flow(long start, long end, String src, int srcPort, String dst, int dstPort,
            long srcBytes, long dstBytes) {
        NetworkFlow f = NetworkFlow.newBuilder().setProto("tcp").setSrcIp(src).setSrcPort(srcPort).setDstIp(dst)
                .setDstPort(dstPort).setStartTime(start).setEndTime(end).setSrcBytes(srcBytes).setDstBytes(dstBytes)
                .setSrcPackets(srcBytes > 0 ? 1 : 0).setDstPackets(dstBytes > 0 ? 1 : 0).build();
        return envelope("zeek-conn", end, f);
    }

    public static NormalizedEvent flow(long start, long end, String src, String dst) {
        return flow(start, end, src, 40000, dst, 443, 100, 1000);
    }

    public static NormalizedEvent vpcFlow(long start, long end, String src, String dst, long bytes, String instance,
            String direction, String vpc) {
        NetworkFlow f = NetworkFlow.newBuilder().setProto("tcp").setSrcIp(src).setSrcPort(5000).setDstIp(dst)
                .setDstPort(6881).setStartTime(start).setEndTime(end).setSrcBytes(bytes).setSrcPackets(1)
                .setInstanceId(instance).setInterfaceId("eni-0123").setAction("ACCEPT").setObservedDirection(direction)
                .build();
        NormalizedEvent e = envelope("aws-vpc-flow", end, f);
        e.setNetworkScope(vpc);
        return e;
    }

    public static NormalizedEvent binding(BindingAction action, long t, String ip, String mac, Long leaseSeconds) {
        AddressBinding b = AddressBinding.newBuilder().setAction(action).setAddress(ip).setMac(mac)
                .setLeaseSeconds(leaseSeconds).setInterfaceName("virbr0").build();
        NormalizedEvent e = envelope("dnsmasq-dhcp", t, b);
        e.setSensor("kvm-host-01");
        return e;
    }

    public static NormalizedEvent bind(long t, String ip, String mac) {
        return binding(BindingAction.BIND, t, ip, mac, null);
    }

    public static NormalizedEvent release(long t, String ip, String mac) {
        return binding(BindingAction.RELEASE, t, ip, mac, null);
    }

    public static NormalizedEvent dhcpv6Reply(long t, String ip, String duid) {
        AddressBinding b = AddressBinding.newBuilder().setAction(BindingAction.BIND).setAddress(ip).setClientId(duid)
                .setInterfaceName("virbr0").build();
        return envelope("dnsmasq-dhcp", t, b);
    }

    public static NormalizedEvent domain(long t, String uuid, String name, String... macs) {
        List<Nic> nics = java.util.Arrays.stream(macs)
                .map(m -> Nic.newBuilder().setMac(m).setNetwork("default").build()).toList();
        VmDefinition d = VmDefinition.newBuilder().setUuid(uuid).setName(name).setPlatform("libvirt").setNics(nics)
                .setTags(Map.of()).build();
        return envelope("libvirt-domxml", t, d);
    }

    public static NormalizedEvent instance(long t, String uuid, String name, String instanceId) {
        VmDefinition d = VmDefinition.newBuilder().setUuid(uuid).setName(name).setInstanceId(instanceId)
                .setPlatform("aws").build();
        return envelope("inventory", t, d);
    }

    public static NormalizedEvent lifecycle(long t, String uuid, String name, LifecycleState state, String host) {
        VmLifecycle l = VmLifecycle.newBuilder().setUuid(uuid).setName(name).setState(state).setHost(host).build();
        return envelope("libvirt-event", t, l);
    }

    public static NormalizedEvent dns(long t, String src, String query) {
        DnsQuery q = DnsQuery.newBuilder().setSrcIp(src).setSrcPort(5353).setDstIp("8.8.8.8").setQuery(query).build();
        return envelope("zeek-dns", t, q);
    }

    public static NormalizedEvent process(long t, String hostname, String image) {
        ProcessStart p = ProcessStart.newBuilder().setHostname(hostname).setImage(image).build();
        return envelope("sysmon", t, p);
    }

    public static NormalizedEvent scoped(NormalizedEvent e, String scope) {
        e.setNetworkScope(scope);
        return e;
    }

    public static NormalizedEvent sensor(NormalizedEvent e, String sensor) {
        e.setSensor(sensor);
        return e;
    }
}
