package io.peerwatch.cli.options;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Times and durations as investigators write them; all times are UTC unless an offset is given. */
public final class TimeConverters {
    private TimeConverters() {}

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

    /**
     * 2026-11-01T00:00:00Z, 2026-11-01T02:00+02:00, 2026-11-01T00:00 (UTC), 2026-11-01 (start of day UTC) or
     * epoch milliseconds.
     */
    public static Instant parseInstant(String s) {
        String v = s.strip();
        if (v.matches("\\d{10,}")) return Instant.ofEpochMilli(Long.parseLong(v));
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException ignoredTryNext) {
            // not an offset date-time; try the forms without an offset
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignoredTryNext) {
            // not a local date-time; try a plain date
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + s + "' is not a time: use e.g. 2026-11-01T00:00:00Z, 2026-11-01 or epoch millis");
        }
    }

    /** 90s, 15m, 12h, 7d, 2w, 500ms, or ISO-8601 (PT1H, P7D). */
    public static Duration parseDuration(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        }
        if (v.startsWith("p")) {
            try {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("'" + s + "' is not a duration: use e.g. 30s, 15m, 12h, 7d or PT1H");
    }

    public static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return parseInstant(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                Duration d = parseDuration(value);
                if (d == null || d.isNegative()) throw new IllegalArgumentException("'" + value + "' must not be negative");
                return d;
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
