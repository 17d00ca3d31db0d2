package io.peerwatch.incidents.render;

import static io.peerwatch.incidents.render.TerminalText.clean;

import io.peerwatch.incidents.lifecycle.Summaries;
import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.LeakScope;
import io.peerwatch.schema.PeerVolume;
import io.peerwatch.schema.ResponseStep;
import io.peerwatch.schema.SourceRef;
import io.peerwatch.schema.TimelineEntry;
import io.peerwatch.schema.VmRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * An incident as text for a person (the demo and {@code bin/peerwatch show}): which VM and whose, what happened
 * when, what may have leaked (an upper bound), the evidence digest, the assessment and the response commands.
 * Every value from logs goes through {@link TerminalText}, so a VM name cannot inject terminal escapes or lines.
 */
public final class IncidentRenderer {
    private static final int MAX_EVIDENCE_SHOWN = 10;

    private IncidentRenderer() {}

    public static String render(Incident i) {
        StringBuilder b = new StringBuilder();
        String rule = "=".repeat(78);
        b.append(rule).append('\n');
        b.append(String.format("INCIDENT %s  [%s rev %d]  %s  confidence %.2f%n", clean(i.getTitle(), 200),
                i.getActivity(), i.getRevision(), clean(i.getSeverity(), 16), i.getConfidence()));
        b.append("finding      ").append(clean(i.getFindingUid())).append("   investigation ").append(clean(i.getInvestigationId())).append('\n');
        b.append(rule).append('\n');

        VmRef vm = i.getVm();
        if (vm != null) {
            b.append("VM           ").append(clean(vm.getName(), 128))
                    .append("  uuid ").append(clean(vm.getUuid(), 64));
            if (vm.getInstanceId() != null) b.append("  instance ").append(clean(vm.getInstanceId(), 64));
            b.append('\n');
            b.append("platform     ").append(clean(vm.getPlatform(), 32)).append(" on host ").append(clean(vm.getHypervisorHost(), 128))
                    .append(", network ").append(clean(vm.getNetwork(), 128)).append('\n');
            b.append("owner        ").append(clean(vm.getOwner(), 128)).append("  tenant ").append(clean(vm.getTenant(), 128));
            if (!vm.getTags().isEmpty()) {
                b.append("  tags");
                int n = 0;
                for (Map.Entry<String, String> t : new TreeMap<>(vm.getTags()).entrySet()) {
                    if (n++ >= 8) { b.append(" …"); break; }
                    b.append(' ').append(clean(t.getKey(), 64)).append('=').append(clean(t.getValue(), 64));
                }
            }
            b.append('\n');
        } else {
            b.append("VM           unknown (").append(clean(i.getVmKey(), 128)).append(")\n");
        }
        BindingRef a = i.getAttribution();
        if (a != null) {
            b.append("attributed   ").append(clean(a.getAddress(), 64));
            if (a.getMac() != null) b.append(" (mac ").append(clean(a.getMac(), 32)).append(')');
            b.append(" in ").append(clean(a.getScope(), 64)).append(" via ").append(clean(a.getSource(), 32))
                    .append(", binding valid ").append(time(a.getValidFrom())).append(" .. ")
                    .append(a.getValidTo() == null ? "open" : time(a.getValidTo())).append('\n');
        }
        b.append("when         ").append(time(i.getFirstSeen())).append(" .. ").append(time(i.getLastSeen()))
                .append("  (").append(duration(i.getLastSeen() - i.getFirstSeen())).append(")\n");
        b.append("what         ").append(clean(i.getCategory(), 64)).append(", pattern ").append(clean(i.getPatternId(), 64))
                .append(" v").append(clean(i.getPatternVersion(), 16)).append(", signals: ")
                .append(clean(String.join(", ", i.getSignalKinds()), 256)).append('\n');
        if (!i.getTimeline().isEmpty()) {
            b.append("timeline\n");
            for (TimelineEntry t : i.getTimeline()) {
                b.append("  ").append(time(t.getTime())).append("  ").append(clean(t.getKind(), 32)).append("  ")
                        .append(clean(t.getSummary(), 200)).append('\n');
            }
        }

        LeakScope s = i.getLeakScope();
        b.append("leak scope   (UPPER BOUND").append(s.getUpperBound() ? "" : "?").append(")\n");
        b.append("  out to peers ").append(Summaries.bytes(s.getBytesOutToPeers()))
                .append("; out total ").append(Summaries.bytes(s.getBytesOutTotal()))
                .append("; in from peers ").append(Summaries.bytes(s.getBytesInFromPeers())).append('\n');
        b.append("  distinct peers ").append(s.getDistinctPeers()).append(", duration ").append(duration(s.getDurationMs())).append('\n');
        for (PeerVolume p : s.getTopPeers()) {
            b.append("    ").append(clean(p.getIp(), 64)).append(p.getPort() > 0 ? ":" + p.getPort() : "")
                    .append("  out ").append(Summaries.bytes(p.getBytesOut())).append("  in ").append(Summaries.bytes(p.getBytesIn())).append('\n');
        }
        if (!s.getInfoHashes().isEmpty()) b.append("  info hashes  ").append(clean(String.join(", ", s.getInfoHashes()), 400)).append('\n');
        if (!s.getTrackerHosts().isEmpty()) b.append("  trackers     ").append(clean(String.join(", ", s.getTrackerHosts()), 400)).append('\n');
        if (s.getClientProcess() != null) b.append("  client       ").append(clean(s.getClientProcess(), 128)).append('\n');
        if (s.getClientCommandLine() != null) b.append("  command line ").append(clean(s.getClientCommandLine(), 400)).append('\n');
        b.append("  ").append(clean(s.getStatement(), 800)).append('\n');

        b.append("evidence     ").append(i.getEvidenceDigest().getCount()).append(" raw records, ")
                .append(i.getEvidence().size()).append(" listed; digest ").append(clean(i.getEvidenceDigest().getAlgorithm(), 40))
                .append(" root ").append(clean(i.getEvidenceDigest().getRoot(), 80)).append('\n');
        int shown = 0;
        for (EvidenceRef e : i.getEvidence()) {
            if (shown++ >= MAX_EVIDENCE_SHOWN) {
                b.append("  … ").append(i.getEvidence().size() - MAX_EVIDENCE_SHOWN).append(" more listed\n");
                break;
            }
            b.append("  ").append(coordinates(e.getSource())).append("  sha256 ").append(clean(e.getRawSha256(), 64))
                    .append("  ").append(clean(e.getFormat(), 32)).append('\n');
        }
        b.append("assessment   ").append(clean(i.getAssessment().getVerdict(), 32).toUpperCase(java.util.Locale.ROOT))
                .append(": ").append(clean(i.getAssessment().getReason(), 600)).append('\n');
        if (!i.getResponse().isEmpty()) {
            b.append("response\n");
            int n = 1;
            for (ResponseStep r : i.getResponse()) {
                b.append(String.format("  %d. [%s] %s%n", n++, clean(r.getPlatform(), 16), clean(r.getAction(), 300)));
                if (!r.getCommand().isEmpty()) b.append("     $ ").append(clean(r.getCommand(), 2000)).append('\n');
            }
        }
        return b.toString();
    }

    private static String coordinates(SourceRef s) {
        if ("kafka".equals(s.getKind())) return clean(s.getName(), 200) + "[" + s.getPartition() + "]@" + s.getOffset();
        return clean(s.getName(), 200) + ":" + s.getLine();
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static String duration(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        if (d.toHours() > 0) return d.toHours() + "h " + d.toMinutesPart() + "m";
        if (d.toMinutes() > 0) return d.toMinutes() + "m " + d.toSecondsPart() + "s";
        return d.toSeconds() + "s";
    }
}
