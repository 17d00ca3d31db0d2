package io.peerwatch.incidents.lifecycle;

import io.peerwatch.incidents.IncidentConfig;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.LeakScope;
import io.peerwatch.schema.Signal;
import java.util.Map;

/** Short texts for people: a timeline line per signal, the upper-bound statement of the leak scope. */
public final class Summaries {
    private static final int MAX_SUMMARY = 240;

    private Summaries() {}

    static String signal(Signal s) {
        // the kind is already the entry's own field
        StringBuilder b = new StringBuilder();
        if (s.getRemoteIp() != null) {
            b.append(" peer ").append(s.getRemoteIp());
            if (s.getRemotePort() > 0) b.append(':').append(s.getRemotePort());
        }
        if (s.getLocalPort() > 0) b.append(" local port ").append(s.getLocalPort());
        if (s.getProto() != null) b.append(' ').append(s.getProto());
        if (s.getBytesOut() > 0) b.append(" out ").append(bytes(s.getBytesOut()));
        if (s.getBytesIn() > 0) b.append(" in ").append(bytes(s.getBytesIn()));
        if (s.getCount() > 1) b.append(" count ").append(s.getCount());
        Map<String, String> a = s.getAttributes();
        for (String k : new String[] {"trackerHost", "infoHash", "process"}) {
            if (a.get(k) != null) b.append(' ').append(k).append('=').append(a.get(k));
        }
        String text = b.toString().strip();
        return text.length() <= MAX_SUMMARY ? text : text.substring(0, MAX_SUMMARY - 1) + "…";
    }

    /** Human-readable byte count, e.g. "1.5 GiB (1610612736 B)". */
    public static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s (%d B)", v, units[u], n);
    }

    static String upperBoundStatement(Incident i, LifecycleState ls, IncidentConfig cfg) {
        LeakScope s = i.getLeakScope();
        StringBuilder b = new StringBuilder("Upper bound: the VM sent at most ")
                .append(bytes(s.getBytesOutToPeers())).append(" to ").append(s.getDistinctPeers()).append(" peers (")
                .append(bytes(s.getBytesOutTotal())).append(" in all matched flows) between ")
                .append(IncidentAggregation.iso(i.getFirstSeen())).append(" and ").append(IncidentAggregation.iso(i.getLastSeen()))
                .append(". Each raw flow record is counted once; protocol overhead, retransmissions and any other traffic on the"
                        + " same flows are included, so the data actually disclosed can only be less.");
        if (ls.peersCapped) b.append(" The peer count is a lower bound: more than ").append(cfg.maxTrackedPeers()).append(" peers.");
        if (ls.evidenceDropped > 0) {
            b.append(" The evidence digest covers the first ").append(ls.evidenceCount).append(" raw records; ")
                    .append(ls.evidenceDropped).append(" more were not kept.");
        }
        return b.toString();
    }
}
