package io.peerwatch.cli.output;

import io.peerwatch.incidents.evidence.IncidentFiles;
import io.peerwatch.schema.Incident;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Selecting and summarizing incident revisions for people. */
public final class IncidentLines {
    /** Stable order for files and screens: by event time of the revision, then id and revision. */
    public static final Comparator<Incident> ORDER = Comparator.comparingLong(Incident::getEmittedAt)
            .thenComparing(Incident::getFindingUid)
            .thenComparingInt(Incident::getRevision)
            .thenComparing(i -> i.getActivity().name());

    private IncidentLines() {}

    /** True when {@code id} is null, the finding's id, or a prefix of it. */
    public static boolean matches(Incident i, String id) {
        return id == null || i.getFindingUid().equals(id) || (id.length() >= 4 && i.getFindingUid().startsWith(id));
    }

    /** The revisions to show: matching {@code id}, the latest per finding unless {@code all}, in {@link #ORDER}. */
    public static List<Incident> select(List<Incident> revisions, String id, boolean all) {
        List<Incident> matching = new ArrayList<>();
        for (Incident i : revisions) if (matches(i, id)) matching.add(i);
        List<Incident> chosen = all ? matching : IncidentFiles.latestPerFinding(matching);
        List<Incident> sorted = new ArrayList<>(chosen);
        sorted.sort(ORDER);
        return sorted;
    }

    /** One line: time, activity and revision, category, VM, severity, id. */
    public static String brief(Incident i) {
        String vm = i.getVm() != null && i.getVm().getName() != null ? i.getVm().getName() : i.getVmKey();
        return String.format(Locale.ROOT, "%s  %-6s r%-3d %-26s %-24s %-8s %s", Fmt.time(i.getEmittedAt()), i.getActivity(),
                i.getRevision(), i.getCategory(), printable(vm, 24), i.getSeverity(), i.getFindingUid());
    }

    /** Log-derived text on one line without control characters, cut to {@code max}. */
    public static String printable(String s, int max) {
        if (s == null) return "-";
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int k = 0; k < s.length() && b.length() < max; k++) {
            char c = s.charAt(k);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}
