package io.peerwatch.testkit.scenario;

import io.peerwatch.common.Formats;
import io.peerwatch.testkit.scenario.format.DomainXml;
import io.peerwatch.testkit.scenario.format.HostLogs;
import io.peerwatch.testkit.scenario.format.VpcFlowLogs;
import io.peerwatch.testkit.scenario.format.ZeekJsonLogs;
import io.peerwatch.testkit.scenario.traffic.Conn;
import io.peerwatch.testkit.scenario.traffic.DnsLookup;
import io.peerwatch.testkit.scenario.traffic.HttpTxn;
import io.peerwatch.testkit.scenario.traffic.TlsHandshake;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Where behaviours report what happened on the wire and on the hosts; turns each observation into the
 * records of every selected format (a connection becomes a conn.log line and VPC flow records, ...).
 */
public final class TrafficLog {
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    /** A record on its way to the ordered output. */
    record Pending(long orderMicros, long seq, ScenarioRecord record) {}

    private final ScenarioSpec spec;
    private final Map<String, Hypervisor> hosts;
    private final Consumer<Pending> out;
    private final boolean conn, dns, http, ssl, dhcp, events, domxml, vpc;
    private long seq;
    private long floorMicros = Long.MIN_VALUE;

    TrafficLog(ScenarioSpec spec, Map<String, Hypervisor> hosts, Consumer<Pending> out) {
        this.spec = spec;
        this.hosts = hosts;
        this.out = out;
        this.conn = spec.has(Formats.ZEEK_CONN);
        this.dns = spec.has(Formats.ZEEK_DNS);
        this.http = spec.has(Formats.ZEEK_HTTP);
        this.ssl = spec.has(Formats.ZEEK_SSL);
        this.dhcp = spec.has(Formats.DNSMASQ_DHCP);
        this.events = spec.has(Formats.LIBVIRT_EVENT);
        this.domxml = spec.has(Formats.LIBVIRT_DOMXML);
        this.vpc = spec.has(Formats.AWS_VPC_FLOW);
    }

    /** Behaviours act in time order; a record earlier than the acting behaviour's time would break the ordering. */
    void floor(long micros) {
        this.floorMicros = micros;
    }

    private void emit(long orderMicros, String format, String file, String key, String text) {
        if (orderMicros < floorMicros) {
            throw new IllegalStateException("record at " + orderMicros + " before the current activity time " + floorMicros + ": " + text);
        }
        out.accept(new Pending(orderMicros, seq++, new ScenarioRecord(format, Math.floorDiv(orderMicros, 1000L), file, key, text, false)));
    }

    void header(String format, String file, String text) {
        out.accept(new Pending(Long.MIN_VALUE, seq++, new ScenarioRecord(format, spec.start().toEpochMilli(), file, null, text, true)));
    }

    private static String keyOf(Conn c) {
        return c.origVm != null ? c.origVm.name() : c.respVm != null ? c.respVm.name() : null;
    }

    private static boolean isLocal(String ip) {
        return ip.startsWith("10.");
    }

    /** A connection the sensor saw; logged when it ends. */
    public void conn(Conn c) {
        c.localOrig = c.origVm != null || isLocal(c.origIp);
        c.localResp = c.respVm != null || isLocal(c.respIp);
        String key = keyOf(c);
        if (conn) emit(c.endMicros(), Formats.ZEEK_CONN, "conn.log", key, ZeekJsonLogs.conn(c));
        if (vpc) {
            VpcFlowLogs.records(c, hosts::get, (endSecond, line, vm) ->
                    emit(Math.max(endSecond * 1_000_000L, c.startMicros), Formats.AWS_VPC_FLOW, "flows.log", vm.name(), line));
        }
    }

    /** A DNS query of {@code vm} to its host's resolver: the dns.log entry and its UDP connection. */
    public void dns(DnsLookup d, ScenarioVm vm) {
        if (dns) emit(d.tsMicros(), Formats.ZEEK_DNS, "dns.log", vm.name(), ZeekJsonLogs.dns(d));
        // DNS message sizes: 12-byte header + question; each answer ~12 bytes of fixed fields + its data
        long q = 12L + d.query().length() + 2 + 4;
        long answerBytes = 0;
        for (String a : d.answers()) answerBytes += 12 + (Character.isDigit(a.charAt(0)) ? 4 : a.length() + 2);
        Conn c = Conn.udp(d.uid(), d.tsMicros(), Math.max(1, d.rttMicros()), d.origIp(), d.origPort(), d.resolverIp(), 53,
                q, 1, q + answerBytes, 1);
        c.service = "dns";
        c.origVm = vm;
        // the resolver sits on the hypervisor (or is the VPC resolver): flow logs never show this traffic
        c.vpcVisible = false;
        conn(c);
    }

    public void http(HttpTxn h) {
        if (http) emit(h.tsMicros(), Formats.ZEEK_HTTP, "http.log", keyOf(h.conn()), ZeekJsonLogs.http(h));
    }

    public void ssl(TlsHandshake t) {
        if (ssl) emit(t.tsMicros(), Formats.ZEEK_SSL, "ssl.log", keyOf(t.conn()), ZeekJsonLogs.ssl(t));
    }

    /** A dnsmasq DHCP log line on {@code host}. */
    public void dhcp(long micros, Hypervisor host, ScenarioVm vm, String message) {
        if (dhcp) emit(micros, Formats.DNSMASQ_DHCP, host.name() + ".log", vm.name(), HostLogs.dnsmasq(micros, host, message));
    }

    /** A lifecycle line of {@code virsh event} on the VM's host, e.g. "Started Booted". */
    public void lifecycle(long millis, ScenarioVm vm, String eventAndDetail) {
        if (events) emit(millis * 1000L, Formats.LIBVIRT_EVENT, vm.hypervisor() + ".log", vm.name(), HostLogs.virshLifecycle(millis, vm.name(), eventAndDetail));
    }

    /** The VM's domain XML, one document per file. */
    public void domainXml(long millis, ScenarioVm vm) {
        if (domxml) emit(millis * 1000L, Formats.LIBVIRT_DOMXML, vm.name() + ".xml", vm.name(), DomainXml.of(vm, hosts.get(vm.hypervisor())));
    }

    /** A Zeek connection uid: "C" and 17 base62 characters. */
    public static String uid(SplittableRandom rng) {
        char[] c = new char[18];
        c[0] = 'C';
        for (int i = 1; i < c.length; i++) c[i] = BASE62[rng.nextInt(62)];
        return new String(c);
    }
}
