package io.peerwatch.normalize.parsers.hostlog;

import io.peerwatch.normalize.parse.ParseException;
import java.math.BigDecimal;

/**
 * Timestamp parsing without java.time's formatter overhead (parsers must reach 300k records/s on a core)
 * and with one sanity window: an event time outside [2000-01-01, 2100-01-01) UTC is a corrupt record,
 * not an event.
 */
public final class Times {
    /** 2000-01-01T00:00:00Z. */
    public static final long MIN_MILLIS = 946_684_800_000L;
    /** 2100-01-01T00:00:00Z. */
    public static final long MAX_MILLIS = 4_102_444_800_000L;

    private Times() {}

    public static long checkRange(long millis, String what) throws ParseException {
        if (millis < MIN_MILLIS || millis >= MAX_MILLIS) {
            throw new ParseException(ParseException.INVALID_TIMESTAMP,
                    what + " " + millis + " ms is outside the accepted range 2000-01-01..2100-01-01");
        }
        return millis;
    }

    public static boolean inRange(long millis) {
        return millis >= MIN_MILLIS && millis < MAX_MILLIS;
    }

    /**
     * ISO 8601 / RFC 3339 date-time: {@code yyyy-MM-dd[T| ]HH:mm:ss[.fraction][Z|±HH:MM|±HHMM|±HH]}. Without
     * a zone the text is read as UTC when {@code zoneOptional}, else it is an error. Fractions beyond
     * milliseconds are truncated.
     */
    public static long iso(String s, String what, boolean zoneOptional) throws ParseException {
        if (s == null || s.length() < 19 || s.length() > 40) throw bad(s, what);
        int y = num(s, 0, 4);
        int mo = num(s, 5, 7);
        int d = num(s, 8, 10);
        int h = num(s, 11, 13);
        int mi = num(s, 14, 16);
        int sec = num(s, 17, 19);
        char t = s.charAt(10);
        if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0 || s.charAt(4) != '-' || s.charAt(7) != '-'
                || (t != 'T' && t != 't' && t != ' ') || s.charAt(13) != ':' || s.charAt(16) != ':') {
            throw bad(s, what);
        }
        int i = 19;
        int millis = 0;
        if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
            i++;
            int start = i;
            int scale = 100;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                millis += (s.charAt(i) - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start || i - start > 9) throw bad(s, what);
        }
        int offsetSeconds;
        if (i == s.length()) {
            if (!zoneOptional) throw new ParseException(ParseException.INVALID_TIMESTAMP, what + " '" + s + "' has no time zone");
            offsetSeconds = 0;
        } else {
            char z = s.charAt(i);
            if ((z == 'Z' || z == 'z') && i + 1 == s.length()) {
                offsetSeconds = 0;
            } else if (z == '+' || z == '-') {
                offsetSeconds = offset(s, i + 1, what);
                if (z == '-') offsetSeconds = -offsetSeconds;
            } else {
                throw bad(s, what);
            }
        }
        return checkRange(toMillis(y, mo, d, h, mi, sec, millis, s, what) - offsetSeconds * 1000L, what);
    }

    private static int offset(String s, int i, String what) throws ParseException {
        int rest = s.length() - i;
        int oh;
        int om = 0;
        if (rest == 2) {
            oh = num(s, i, i + 2);
        } else if (rest == 4) {
            oh = num(s, i, i + 2);
            om = num(s, i + 2, i + 4);
        } else if (rest == 5 && s.charAt(i + 2) == ':') {
            oh = num(s, i, i + 2);
            om = num(s, i + 3, i + 5);
        } else {
            throw bad(s, what);
        }
        if (oh < 0 || om < 0 || oh > 18 || om > 59) throw bad(s, what);
        return oh * 3600 + om * 60;
    }

    /** Local date-time fields (already validated as numbers) to epoch millis, validating ranges. */
    public static long toMillis(int y, int mo, int d, int h, int mi, int sec, int millis, String text, String what)
            throws ParseException {
        if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 60) throw bad(text, what);
        if (sec == 60) sec = 59; // a leap second is kept inside its minute
        long days = daysFromCivil(y, mo, d);
        return ((days * 24 + h) * 60 + mi) * 60_000L + sec * 1000L + millis;
    }

    /**
     * Epoch seconds with an optional fraction, as text ({@code 1700000000.123}, auditd and lease files).
     */
    public static long epochSecondsText(String s, String what) throws ParseException {
        if (s == null || s.isEmpty() || s.length() > 24) throw bad(s, what);
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        String frac = dot < 0 ? "" : s.substring(dot + 1);
        if (whole.isEmpty() || whole.length() > 12 || !digits(whole) || (dot >= 0 && (frac.isEmpty() || frac.length() > 9 || !digits(frac)))) {
            throw bad(s, what);
        }
        long ms = Long.parseLong(whole) * 1000L;
        if (!frac.isEmpty()) ms += Integer.parseInt((frac + "00").substring(0, 3));
        return checkRange(ms, what);
    }

    /**
     * A JSON number timestamp: epoch milliseconds when larger than 10^11 (1973 in millis, year 5138 in
     * seconds), epoch seconds (with fraction) otherwise.
     */
    public static long epochNumber(BigDecimal v, String what) throws ParseException {
        if (v == null || v.signum() < 0 || v.compareTo(BigDecimal.valueOf(1_000_000_000_000_000L)) > 0) {
            throw bad(String.valueOf(v), what);
        }
        long millis = v.compareTo(BigDecimal.valueOf(100_000_000_000L)) > 0 ? v.longValue() : v.movePointRight(3).longValue();
        return checkRange(millis, what);
    }

    public static int daysInMonth(int y, int m) {
        switch (m) {
            case 2:
                return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's civil-from-days inverse). */
    public static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /** Parses ASCII digits s[from,to) or returns -1. */
    public static int num(String s, int from, int to) {
        if (to > s.length()) return -1;
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static ParseException bad(String s, String what) {
        return new ParseException(ParseException.INVALID_TIMESTAMP, "invalid " + what + ": '" + RecordText.bounded(s, 64) + "'");
    }
}
