package io.peerwatch.normalize.parsers;

import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parsers.hostlog.Times;

/**
 * Timestamps as flow sensors write them: epoch seconds with a fraction (Zeek {@code ts}), whole epoch seconds
 * (VPC flow logs), epoch milli/micro/nanoseconds as integers (Zeek {@code JSON::TS_MILLIS}, goflow2 {@code *_ns}),
 * or ISO 8601 (Zeek {@code JSON::TS_ISO8601}, Suricata, goflow2's date-time renderer). All results are epoch
 * millis UTC inside the sane window of {@link Times#checkRange}.
 */
final class FlowTime {
    private FlowTime() {}

    static long parse(String text, String field) throws ParseException {
        if (text == null || text.isEmpty()) throw new ParseException(ParseException.MISSING_FIELD, field + " is missing");
        if (looksIso(text)) return Times.iso(text, field, true);
        if (text.indexOf('.') >= 0) return Times.epochSecondsText(text, field);
        int n = text.length();
        long v = Num.unsignedTime(text, field);
        long millis;
        if (n <= 11) millis = v * 1000L;
        else if (n <= 14) millis = v;
        else if (n <= 17) millis = v / 1000L;
        else millis = v / 1_000_000L;
        return Times.checkRange(millis, field);
    }

    /** Integer epoch nanoseconds (goflow2 {@code time_*_ns}), or ISO text. */
    static long nanos(String text, String field) throws ParseException {
        if (text == null || text.isEmpty()) throw new ParseException(ParseException.MISSING_FIELD, field + " is missing");
        if (looksIso(text)) return Times.iso(text, field, true);
        return Times.checkRange(Num.unsignedTime(text, field) / 1_000_000L, field);
    }

    /** Integer epoch seconds (VPC flow log start/end, goflow2 v1 TimeFlowStart). */
    static long seconds(String text, String field) throws ParseException {
        if (text == null || text.isEmpty()) throw new ParseException(ParseException.MISSING_FIELD, field + " is missing");
        if (text.length() > 11) throw new ParseException(ParseException.INVALID_TIMESTAMP, field + " is not epoch seconds: '" + Text.bounded(text, 40) + "'");
        return Times.checkRange(Num.unsignedTime(text, field) * 1000L, field);
    }

    private static boolean looksIso(String s) {
        return s.length() >= 19 && s.charAt(4) == '-';
    }
}
