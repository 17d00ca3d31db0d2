package io.peerwatch.cli.output;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Number, rate, duration and time formats for people (tables and progress lines). */
public final class Fmt {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Fmt() {}

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** 950, 12.3k, 4.56M */
    public static String compact(double n) {
        double a = Math.abs(n);
        if (a < 1_000) return String.format(Locale.ROOT, "%.0f", n);
        if (a < 1_000_000) return String.format(Locale.ROOT, "%.1fk", n / 1_000);
        if (a < 1_000_000_000) return String.format(Locale.ROOT, "%.2fM", n / 1_000_000);
        return String.format(Locale.ROOT, "%.2fG", n / 1_000_000_000);
    }

    /** 1h02m, 3m05s, 42s, 0.4s */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 10_000) return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        long s = ms / 1000;
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** Event time as an ISO instant to the second (UTC); "-" when unknown. */
    public static String time(long epochMillis) {
        if (epochMillis == Long.MIN_VALUE || epochMillis == Long.MAX_VALUE) return "-";
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    public static String bytes(long b) {
        if (b < 1024) return b + " B";
        if (b < 1024L * 1024) return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        if (b < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
        return String.format(Locale.ROOT, "%.2f GiB", b / (1024.0 * 1024 * 1024));
    }
}
