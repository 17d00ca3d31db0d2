package io.peerwatch.normalize.parsers.hostlog;

import io.peerwatch.normalize.parse.ParseException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The syslog envelope of a log line, in the shapes hypervisor hosts write to files or forward:
 * <ul>
 *   <li>RFC 3339 ("high precision", rsyslog's RSYSLOG_FileFormat, journalctl -o short-iso):
 *       {@code 2026-11-02T00:00:02.000000+00:00 host tag[pid]: message}</li>
 *   <li>classic RFC 3164 / BSD: {@code Nov  2 00:00:02 host tag[pid]: message}: no year and no zone, so the
 *       configured year and zone apply</li>
 *   <li>RFC 5424 as forwarded: {@code <30>1 2026-11-02T00:00:02Z host tag pid msgid - message}</li>
 * </ul>
 * each optionally preceded by a {@code <PRI>} field.
 *
 * @param millis event time, epoch millis UTC
 * @param zoned true when the timestamp carried its zone (RFC 3339/5424), false for RFC 3164
 * @param host the host field, null when absent ("-")
 * @param program the tag without pid ("dnsmasq-dhcp")
 * @param message the text after "tag[pid]: "
 */
public record SyslogLine(long millis, boolean zoned, String host, String program, String message) {

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /** Year and zone for RFC 3164 timestamps. */
    public record Rfc3164Defaults(int year, ZoneId zone) {}

    /** @throws ParseException MalformedRecord when the line has no syslog envelope, InvalidTimestamp for bad times */
    public static SyslogLine parse(String line, Rfc3164Defaults defaults) throws ParseException {
        int i = 0;
        int n = line.length();
        if (n > 0 && line.charAt(0) == '<') {
            int close = line.indexOf('>');
            if (close < 2 || close > 4 || Times.num(line, 1, close) < 0 || Times.num(line, 1, close) > 191) {
                throw malformed("invalid syslog priority");
            }
            i = close + 1;
            if (line.startsWith("1 ", i)) return rfc5424(line, i + 2);
        }
        long millis;
        boolean zoned;
        if (n >= i + 15 && isDigit(line, i) && line.indexOf('-', i) == i + 4) {
            int sp = line.indexOf(' ', i);
            if (sp < 0) throw malformed("no host after the timestamp");
            millis = Times.iso(line.substring(i, sp), "syslog timestamp", false);
            zoned = true;
            i = sp + 1;
        } else if (n >= i + 16) {
            millis = rfc3164(line, i, defaults);
            zoned = false;
            i += 16;
        } else {
            throw malformed("line too short for a syslog timestamp");
        }
        int hostEnd = line.indexOf(' ', i);
        if (hostEnd <= i) throw malformed("no host field");
        String host = line.substring(i, hostEnd);
        return tagged(millis, zoned, host, line, hostEnd + 1);
    }

    /** {@code tag[pid]: message} or {@code tag: message}. */
    private static SyslogLine tagged(long millis, boolean zoned, String host, String line, int i) throws ParseException {
        int colon = line.indexOf(": ", i);
        int endOfLine = colon < 0 && line.endsWith(":") ? line.length() - 1 : -1;
        int tagEnd = colon >= 0 ? colon : endOfLine;
        if (tagEnd <= i || line.indexOf(' ', i) < tagEnd && line.indexOf(' ', i) >= 0) {
            throw malformed("no 'program[pid]:' tag");
        }
        String tag = line.substring(i, tagEnd);
        int bracket = tag.indexOf('[');
        String program = bracket >= 0 ? tag.substring(0, bracket) : tag;
        String message = colon >= 0 ? line.substring(colon + 2) : "";
        return new SyslogLine(millis, zoned, "-".equals(host) ? null : host, program, message);
    }

    private static SyslogLine rfc5424(String line, int i) throws ParseException {
        String[] f = new String[5];
        for (int k = 0; k < 5; k++) {
            int sp = line.indexOf(' ', i);
            if (sp < 0) throw malformed("truncated RFC 5424 header");
            f[k] = line.substring(i, sp);
            i = sp + 1;
        }
        long millis = Times.iso(f[0], "syslog timestamp", false);
        String message;
        if (line.startsWith("- ", i)) {
            message = line.substring(i + 2);
        } else if (line.startsWith("-", i) && i + 1 == line.length()) {
            message = "";
        } else if (line.startsWith("[", i)) {
            int end = structuredDataEnd(line, i);
            message = end < line.length() ? line.substring(Math.min(end + 1, line.length())) : "";
        } else {
            throw malformed("invalid RFC 5424 structured data");
        }
        if (message.startsWith("\uFEFF")) message = message.substring(1);
        return new SyslogLine(millis, true, "-".equals(f[1]) ? null : f[1], f[2], message);
    }

    /** Index just past the last ']' of the structured-data elements starting at i. */
    private static int structuredDataEnd(String s, int i) throws ParseException {
        boolean inQuotes = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (inQuotes) {
                if (c == '\\') i++;
                else if (c == '"') inQuotes = false;
            } else if (c == '"') {
                inQuotes = true;
            } else if (c == ']' && (i + 1 == s.length() || s.charAt(i + 1) != '[')) {
                return i + 1;
            }
            i++;
        }
        throw malformed("unterminated RFC 5424 structured data");
    }

    /** "Nov  2 00:00:02" (day padded with a space or a zero). */
    private static long rfc3164(String s, int i, Rfc3164Defaults d) throws ParseException {
        int m = MONTHS.indexOf(s.substring(i, i + 3));
        if (m < 0 || m % 3 != 0 || s.charAt(i + 3) != ' ' || s.charAt(i + 15) != ' ') throw malformed("no syslog timestamp");
        int day = s.charAt(i + 4) == ' ' ? Times.num(s, i + 5, i + 6) : Times.num(s, i + 4, i + 6);
        int h = Times.num(s, i + 7, i + 9);
        int mi = Times.num(s, i + 10, i + 12);
        int sec = Times.num(s, i + 13, i + 15);
        if (day < 1 || h < 0 || mi < 0 || sec < 0 || s.charAt(i + 9) != ':' || s.charAt(i + 12) != ':') {
            throw new ParseException(ParseException.INVALID_TIMESTAMP, "invalid RFC 3164 timestamp '" + s.substring(i, i + 15) + "'");
        }
        int month = m / 3 + 1;
        String text = s.substring(i, i + 15);
        if (d.zone() instanceof ZoneOffset off) {
            long local = Times.toMillis(d.year(), month, day, h, mi, sec, 0, text, "RFC 3164 timestamp");
            return Times.checkRange(local - off.getTotalSeconds() * 1000L, "syslog timestamp");
        }
        if (day > Times.daysInMonth(d.year(), month) || h > 23 || mi > 59 || sec > 59) {
            throw new ParseException(ParseException.INVALID_TIMESTAMP, "invalid RFC 3164 timestamp '" + text + "'");
        }
        try {
            long ms = LocalDateTime.of(d.year(), month, day, h, mi, sec).atZone(d.zone()).toInstant().toEpochMilli();
            return Times.checkRange(ms, "syslog timestamp");
        } catch (DateTimeException e) {
            throw new ParseException(ParseException.INVALID_TIMESTAMP, "invalid RFC 3164 timestamp '" + text + "'", e);
        }
    }

    private static boolean isDigit(String s, int i) {
        char c = s.charAt(i);
        return c >= '0' && c <= '9';
    }

    private static ParseException malformed(String why) {
        return new ParseException(ParseException.MALFORMED, "not a syslog line: " + why);
    }
}
