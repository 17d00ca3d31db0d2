package io.peerwatch.incidents;

import io.peerwatch.common.Hashing;
import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.Detection;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.Signal;
import io.peerwatch.schema.SourceRef;
import io.peerwatch.schema.VmRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Detections built by hand, as the detect stage would emit them. */
public final class Fixtures {
    public static final long T0 = 1_700_000_000_000L;
    public static final long MIN = 60_000L;

    private Fixtures() {}

    public static VmRef libvirtVm(String name) {
        return VmRef.newBuilder()
                .setUuid("4b2c6f1e-8d3a-4c55-9e21-" + String.format("%012d", Math.abs(name.hashCode())))
                .setName(name)
                .setPlatform("libvirt")
                .setHypervisorHost("hv1.example.net")
                .setNetwork("br0")
                .setMac("52:54:00:12:34:56")
                .setOwner("alice")
                .setTenant("research")
                .setTags(new HashMap<>(Map.of("env", "lab")))
                .build();
    }

    public static BindingRef binding(String ip) {
        return BindingRef.newBuilder().setScope("site-a").setAddress(ip).setMac("52:54:00:12:34:56")
                .setSource("dnsmasq-dhcp").setValidFrom(T0 - 3_600_000L).build();
    }

    /** An evidence item for a zeek-conn line; the raw bytes are derived from the id so the hash is real. */
    public static EvidenceRef evidence(String file, long line, long time) {
        String raw = "{\"ts\":" + time + ",\"line\":" + line + "}";
        SourceRef src = new SourceRef("file", file, -1, -1L, line);
        String sha = Hashing.sha256Hex(raw);
        return EvidenceRef.newBuilder().setEventId(Hashing.eventId(src, sha, 0)).setFormat("zeek-conn").setSource(src)
                .setRawSha256(sha).setEventTime(time).setSummary("conn line " + line).build();
    }

    public static Signal peerFlow(long time, String peer, long out, long in, EvidenceRef ev) {
        return Signal.newBuilder().setVmKey("vm-a").setTime(time).setKind("peer-upload").setProto("tcp")
                .setLocalPort(51413).setRemoteIp(peer).setRemotePort(6881).setBytesOut(out).setBytesIn(in)
                .setEvidence(ev == null ? List.of() : List.of(ev)).build();
    }

    public static Signal tracker(long time, String host, String infoHash, EvidenceRef ev) {
        Map<String, String> attrs = new HashMap<>();
        attrs.put("trackerHost", host);
        attrs.put("infoHash", infoHash);
        return Signal.newBuilder().setVmKey("vm-a").setTime(time).setKind("tracker-announce").setRemoteIp("198.51.100.7")
                .setRemotePort(6969).setBytesOut(300).setBytesIn(200).setAttributes(attrs)
                .setEvidence(ev == null ? List.of() : List.of(ev)).build();
    }

    public static Signal process(long time, String name, String cmd) {
        return Signal.newBuilder().setVmKey("vm-a").setTime(time).setKind("client-process")
                .setAttributes(new HashMap<>(Map.of("process", name, "commandLine", cmd))).build();
    }

    public static Detection detection(String vmKey, VmRef vm, long first, long last, List<Signal> signals) {
        return Detection.newBuilder().setVmKey(vmKey).setVm(vm).setBinding(binding("10.0.0.5"))
                .setCategory("p2p-filesharing").setPatternId("bt-peer-fanout").setPatternVersion("2")
                .setTitle("BitTorrent peer fan-out").setSeverity("HIGH").setConfidence(0.7)
                .setFirstSeen(first).setLastSeen(last).setSignals(new ArrayList<>(signals)).build();
    }

    /** A detection of one peer upload at {@code time} with one fresh evidence item. */
    public static Detection upload(String vmKey, VmRef vm, long time, String peer, long out, int line) {
        EvidenceRef ev = evidence("/logs/conn.log", line, time);
        return detection(vmKey, vm, time - 1000, time, List.of(peerFlow(time, peer, out, out / 10, ev)));
    }
}
