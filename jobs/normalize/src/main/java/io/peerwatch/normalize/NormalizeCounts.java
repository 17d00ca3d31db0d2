package io.peerwatch.normalize;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;

/**
 * Per-FORMAT accounting of a normalize run, read back from the job's accumulators.
 *
 * <p>Units: {@code read}, {@code normalized}, {@code deadLettered} and {@code skipped} count raw RECORDS, so
 * that {@code read == normalized + deadLettered + skipped} holds for every format ({@link #reconciles()}).
 * {@code normalized} is the number of records that produced at least one event; {@code events} is how many
 * events those records produced (an auditd event assembled from several lines, or a lease snapshot with
 * several leases, makes them differ). {@code late} counts EVENTS that were normalized but arrived behind
 * the watermark beyond the allowed lateness and went to the late output instead of the main one; they are a
 * subset of {@code events}. {@code flushed} counts EVENTS emitted at the end of the input from records that
 * were already counted as skips (an auditd event whose last lines never came: its lines are "partial" skips) —
 * a subset of {@code events} — plus dead letters for such events if one failed validation (a parser bug).
 */
public final class NormalizeCounts {
    public static final String METRIC_GROUP = "format";
    public static final String READ = "read";
    public static final String NORMALIZED = "normalized";
    public static final String EVENTS = "events";
    public static final String DEADLETTERED = "deadlettered";
    public static final String SKIPPED = "skipped";
    public static final String LATE = "late";
    public static final String FLUSHED = "flushed";

    static final String PREFIX = "peerwatch.normalize|";
    private static final String SKIP_REASON = "skip-reason|";

    /** One format's row. */
    public record Row(long read, long normalized, long events, long deadLettered, long skipped, long late,
                      long flushed, Map<String, Long> skipReasons) {
        public boolean reconciles() { return read == normalized + deadLettered + skipped; }
    }

    private final Map<String, Row> rows;

    private NormalizeCounts(Map<String, Row> rows) {
        this.rows = Collections.unmodifiableMap(new TreeMap<>(rows));
    }

    static String accumulatorName(String format, String kind) { return PREFIX + format + "|" + kind; }

    static String skipReasonAccumulatorName(String format, String reasonKey) {
        return PREFIX + format + "|" + SKIP_REASON + reasonKey;
    }

    /** A short, stable key for a free-text skip reason: its text up to the first '(' or ':', at most 40 chars. */
    static String reasonKey(String reason) {
        if (reason == null || reason.isBlank()) return "unspecified";
        String r = reason.strip();
        int cut = r.length();
        int paren = r.indexOf('(');
        int colon = r.indexOf(':');
        if (paren > 0) cut = Math.min(cut, paren);
        if (colon > 0) cut = Math.min(cut, colon);
        r = r.substring(0, Math.min(cut, 40)).strip().replace('|', '/');
        return r.isEmpty() ? "unspecified" : r;
    }

    public static NormalizeCounts from(JobExecutionResult result) {
        return fromAccumulators(result.getAllAccumulatorResults());
    }

    /** From the accumulator map of a finished job (other accumulators are ignored). */
    public static NormalizeCounts fromAccumulators(Map<String, Object> accumulators) {
        Map<String, Map<String, Long>> values = new TreeMap<>();
        Map<String, Map<String, Long>> reasons = new TreeMap<>();
        for (Map.Entry<String, Object> e : accumulators.entrySet()) {
            if (!e.getKey().startsWith(PREFIX) || !(e.getValue() instanceof Number n)) continue;
            String rest = e.getKey().substring(PREFIX.length());
            int bar = rest.indexOf('|');
            if (bar <= 0) continue;
            String format = rest.substring(0, bar);
            String kind = rest.substring(bar + 1);
            if (kind.startsWith(SKIP_REASON)) {
                reasons.computeIfAbsent(format, f -> new TreeMap<>()).merge(kind.substring(SKIP_REASON.length()), n.longValue(), Long::sum);
            } else {
                values.computeIfAbsent(format, f -> new TreeMap<>()).merge(kind, n.longValue(), Long::sum);
            }
        }
        Map<String, Row> rows = new TreeMap<>();
        for (Map.Entry<String, Map<String, Long>> e : values.entrySet()) {
            Map<String, Long> v = e.getValue();
            rows.put(e.getKey(), new Row(v.getOrDefault(READ, 0L), v.getOrDefault(NORMALIZED, 0L), v.getOrDefault(EVENTS, 0L),
                    v.getOrDefault(DEADLETTERED, 0L), v.getOrDefault(SKIPPED, 0L), v.getOrDefault(LATE, 0L),
                    v.getOrDefault(FLUSHED, 0L), Collections.unmodifiableMap(reasons.getOrDefault(e.getKey(), Map.of()))));
        }
        return new NormalizeCounts(rows);
    }

    /** Rows by FORMAT name, sorted. */
    public Map<String, Row> rows() { return rows; }

    public Row row(String format) {
        return rows.getOrDefault(format, new Row(0, 0, 0, 0, 0, 0, 0, Map.of()));
    }

    public Row total() {
        long r = 0, n = 0, ev = 0, d = 0, s = 0, l = 0, f = 0;
        for (Row row : rows.values()) {
            r += row.read; n += row.normalized; ev += row.events; d += row.deadLettered; s += row.skipped; l += row.late;
            f += row.flushed;
        }
        return new Row(r, n, ev, d, s, l, f, Map.of());
    }

    /** True when every format satisfies read == normalized + deadLettered + skipped. */
    public boolean reconciles() {
        return rows.values().stream().allMatch(Row::reconciles);
    }

    /** A fixed-width text table for people, one line per format, a total, then the skip reasons. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-16s %12s %12s %12s %12s %12s %10s%n";
        sb.append(String.format(fmt, "FORMAT", "READ", "NORMALIZED", "DEAD-LETTER", "SKIPPED", "EVENTS", "LATE"));
        for (Map.Entry<String, Row> e : rows.entrySet()) appendRow(sb, fmt, e.getKey(), e.getValue());
        appendRow(sb, fmt, "total", total());
        boolean any = false;
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            for (Map.Entry<String, Long> reason : e.getValue().skipReasons().entrySet()) {
                if (!any) sb.append("skipped by reason:").append(System.lineSeparator());
                any = true;
                sb.append(String.format("  %-16s %-40s %12d%n", e.getKey(), reason.getKey(), reason.getValue()));
            }
        }
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            if (e.getValue().flushed() > 0) {
                sb.append(String.format("%-16s %d event(s) held by the parser emitted at the end of the input%n",
                        e.getKey(), e.getValue().flushed()));
            }
        }
        if (!reconciles()) sb.append("WARNING: counts do not reconcile (read != normalized + dead-lettered + skipped)").append(System.lineSeparator());
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, String fmt, String name, Row r) {
        sb.append(String.format(fmt, name, r.read, r.normalized, r.deadLettered, r.skipped, r.events, r.late));
    }

    @Override
    public String toString() { return "NormalizeCounts" + rows; }
}
