package io.peerwatch.bench;

import java.util.Locale;

/**
 * One measured figure for the summary table.
 *
 * @param suite the suite that measured it (normalize, end-to-end, backfill, parsers)
 * @param measure what was measured, e.g. "normalize job / raw consume"
 * @param value the figure
 * @param unit "records/s", "events/s", "x raw consume", ...
 * @param target the target (a lower bound), or null for a figure shown for context only
 */
public record Figure(String suite, String measure, double value, String unit, Double target) {

    public static Figure of(String suite, String measure, double value, String unit) {
        return new Figure(suite, measure, value, unit, null);
    }

    public static Figure withTarget(String suite, String measure, double value, String unit, double target) {
        return new Figure(suite, measure, value, unit, target);
    }

    /** "pass", "miss (-23%)" or "" when there is no target. */
    public String verdict() {
        if (target == null) return "";
        if (value >= target) return "pass";
        return String.format(Locale.ROOT, "miss (%.0f%% of target)", 100.0 * value / target);
    }

    public String valueText() {
        return format(value, unit);
    }

    public String targetText() {
        return target == null ? "" : ">= " + format(target, unit);
    }

    static String format(double v, String unit) {
        if (unit.startsWith("x")) return String.format(Locale.ROOT, "%.3f %s", v, unit);
        if (Math.abs(v) >= 1000) return String.format(Locale.ROOT, "%,.0f %s", v, unit);
        return String.format(Locale.ROOT, "%.1f %s", v, unit);
    }
}
