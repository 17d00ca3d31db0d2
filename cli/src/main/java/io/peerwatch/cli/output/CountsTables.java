package io.peerwatch.cli.output;

import io.peerwatch.normalize.NormalizeCounts;
import java.util.Map;

/** The per-format accounting table every command prints: read = normalized + dead-lettered + skipped. */
public final class CountsTables {
    private CountsTables() {}

    public static String normalize(NormalizeCounts counts) {
        NormalizeCounts.Row total = counts.total();
        // late events only exist in live runs: a column only when there are some
        boolean late = total.late() > 0;
        TextTable t = late ? new TextTable("FORMAT", "READ", "NORMALIZED", "DEAD-LETTERED", "SKIPPED", "EVENTS", "LATE")
                : new TextTable("FORMAT", "READ", "NORMALIZED", "DEAD-LETTERED", "SKIPPED", "EVENTS");
        for (Map.Entry<String, NormalizeCounts.Row> e : counts.rows().entrySet()) {
            NormalizeCounts.Row r = e.getValue();
            if (late) t.row(e.getKey(), r.read(), r.normalized(), r.deadLettered(), r.skipped(), r.events(), r.late());
            else t.row(e.getKey(), r.read(), r.normalized(), r.deadLettered(), r.skipped(), r.events());
        }
        t.separator();
        if (late) t.row("total", total.read(), total.normalized(), total.deadLettered(), total.skipped(), total.events(), total.late());
        else t.row("total", total.read(), total.normalized(), total.deadLettered(), total.skipped(), total.events());
        StringBuilder sb = new StringBuilder(t.render());
        TextTable reasons = new TextTable("FORMAT", "SKIP REASON", "RECORDS");
        for (Map.Entry<String, NormalizeCounts.Row> e : counts.rows().entrySet()) {
            for (Map.Entry<String, Long> r : e.getValue().skipReasons().entrySet()) reasons.row(e.getKey(), r.getKey(), r.getValue());
        }
        if (!reasons.isEmpty()) sb.append('\n').append(reasons.render());
        if (!counts.reconciles()) {
            sb.append("WARNING: counts do not reconcile (read != normalized + dead-lettered + skipped)\n");
        }
        return sb.toString();
    }
}
