package io.peerwatch.cli.output;

import io.peerwatch.schema.Incident;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Incidents by category: distinct findings and revisions by activity, for summaries. */
public final class IncidentTally {
    private final Map<String, Set<String>> findings = new TreeMap<>();
    private final Map<String, long[]> revisions = new TreeMap<>();
    private final Set<String> expected = new HashSet<>();

    public synchronized void add(Incident i) {
        findings.computeIfAbsent(i.getCategory(), c -> new HashSet<>()).add(i.getFindingUid());
        long[] r = revisions.computeIfAbsent(i.getCategory(), c -> new long[3]);
        r[i.getActivity().ordinal()]++;
        if (i.getAssessment() != null && "expected".equalsIgnoreCase(i.getAssessment().getVerdict())) expected.add(i.getFindingUid());
    }

    public synchronized long findings() {
        return findings.values().stream().mapToLong(Set::size).sum();
    }

    public synchronized long revisions() {
        return revisions.values().stream().mapToLong(r -> r[0] + r[1] + r[2]).sum();
    }

    public synchronized String table() {
        TextTable t = new TextTable("CATEGORY", "INCIDENTS", "CREATED", "UPDATES", "CLOSED");
        long f = 0, c = 0, u = 0, x = 0;
        for (Map.Entry<String, Set<String>> e : findings.entrySet()) {
            long[] r = revisions.get(e.getKey());
            t.row(e.getKey(), (long) e.getValue().size(), r[0], r[1], r[2]);
            f += e.getValue().size();
            c += r[0];
            u += r[1];
            x += r[2];
        }
        if (findings.isEmpty()) return "no incidents\n";
        t.separator().row("total", f, c, u, x);
        String s = t.render();
        if (!expected.isEmpty()) s += expected.size() + " of them assessed as expected activity (e.g. an allowlisted backup)\n";
        return s;
    }

    /** e.g. "3 incidents" for progress lines. */
    public synchronized String brief() {
        long n = findings();
        return n + " incident" + (n == 1 ? "" : "s");
    }
}
