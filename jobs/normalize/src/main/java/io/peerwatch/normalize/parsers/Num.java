package io.peerwatch.normalize.parsers;

import io.peerwatch.normalize.parse.ParseException;

/**
 * Strict number parsing from log text: ASCII digits only (no signs, no exponents, no spaces), overflow
 * checked, with the validation every flow field needs (ports 0..65535, counts >= 0).
 */
final class Num {
    private Num() {}

    static int port(String text, String field) throws ParseException {
        long v = unsigned(text, field);
        if (v > 65535) throw new ParseException(ParseException.INVALID_NUMBER, field + " " + v + " is not a port (0..65535)");
        return (int) v;
    }

    static int portOrZero(String text, String field) throws ParseException {
        return text == null || text.isEmpty() ? 0 : port(text, field);
    }

    /** A non-negative count (bytes, packets). */
    static long count(String text, String field) throws ParseException {
        return unsigned(text, field);
    }

    static long countOrZero(String text, String field) throws ParseException {
        return text == null || text.isEmpty() ? 0L : unsigned(text, field);
    }

    /** Like {@link #unsigned} but errors are timestamp errors. */
    static long unsignedTime(String text, String field) throws ParseException {
        try {
            return unsigned(text, field);
        } catch (ParseException e) {
            throw new ParseException(ParseException.INVALID_TIMESTAMP, e.getMessage());
        }
    }

    /** Digits only, at most Long.MAX_VALUE; a leading '-' is reported as a negative value. */
    static long unsigned(String text, String field) throws ParseException {
        if (text == null || text.isEmpty()) throw new ParseException(ParseException.MISSING_FIELD, field + " is missing");
        int n = text.length();
        if (text.charAt(0) == '-') {
            throw new ParseException(ParseException.INVALID_NUMBER, field + " must not be negative: '" + Text.bounded(text, 40) + "'");
        }
        if (n > 19) throw invalid(text, field);
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') throw invalid(text, field);
            v = v * 10 + (c - '0');
            if (v < 0) throw invalid(text, field);
        }
        return v;
    }

    /**
     * A non-negative decimal number of seconds ("0.218575", "12", "3.") as whole milliseconds, truncated.
     */
    static long secondsToMillis(String text, String field) throws ParseException {
        if (text == null || text.isEmpty()) throw new ParseException(ParseException.MISSING_FIELD, field + " is missing");
        if (text.charAt(0) == '-') {
            throw new ParseException(ParseException.INVALID_NUMBER, field + " must not be negative: '" + Text.bounded(text, 40) + "'");
        }
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        String frac = dot < 0 ? "" : text.substring(dot + 1);
        if (whole.length() > 12 || frac.length() > 12 || (whole.isEmpty() && frac.isEmpty())) throw invalid(text, field);
        long ms = 0;
        for (int i = 0; i < whole.length(); i++) {
            char c = whole.charAt(i);
            if (c < '0' || c > '9') throw invalid(text, field);
            ms = ms * 10 + (c - '0');
        }
        ms *= 1000;
        int scale = 100;
        for (int i = 0; i < frac.length(); i++) {
            char c = frac.charAt(i);
            if (c < '0' || c > '9') throw invalid(text, field);
            ms += (c - '0') * scale;
            scale /= 10;
        }
        return ms;
    }

    /** a * b for counts scaled by a sampling rate, failing on overflow instead of wrapping. */
    static long scaled(long count, long rate, String field) throws ParseException {
        if (rate <= 1) return count;
        try {
            return Math.multiplyExact(count, rate);
        } catch (ArithmeticException e) {
            throw new ParseException(ParseException.INVALID_NUMBER, field + " " + count + " x sampling rate " + rate + " overflows");
        }
    }

    private static ParseException invalid(String text, String field) {
        return new ParseException(ParseException.INVALID_NUMBER, "invalid " + field + ": '" + Text.bounded(text, 40) + "'");
    }
}
