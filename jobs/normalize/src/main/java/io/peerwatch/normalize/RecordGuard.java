package io.peerwatch.normalize;

import io.peerwatch.common.Formats;
import io.peerwatch.normalize.parse.ParseException;
import java.util.Arrays;

/**
 * The checks every raw record passes before any parser sees it, so parsers can rely on bounded, valid UTF-8
 * text without control characters: oversized records, invalid UTF-8 (overlong forms, surrogates, code points
 * beyond U+10FFFF, truncated sequences) and control characters (C0 except tab, DEL, C1) are dead-lettered
 * with their own error class. CR and LF are allowed only inside whole-document formats (domain XML, lease
 * JSON); a single trailing line terminator (LF or CRLF, as some Kafka producers leave) and a leading UTF-8
 * byte order mark (Windows exports) are tolerated and cut off before parsing. One exception for one format:
 * an {@code auditd} record may contain ONE 0x1D (GS), the separator auditd's ENRICHED log format writes between
 * the raw fields and its interpretation of them; a second one, or any other control character, is rejected as
 * for every format (the parser also checks the separator comes after the record header).
 */
public final class RecordGuard {
    private RecordGuard() {}

    /**
     * @return the bytes the parser should read: {@code bytes} itself, or a trimmed copy when a BOM or a trailing
     *     line terminator was cut off
     * @throws ParseException with error class OversizedRecord, InvalidUtf8 or ControlCharacters
     */
    public static byte[] check(String format, byte[] bytes, int maxRecordBytes) throws ParseException {
        if (bytes.length > maxRecordBytes) {
            throw new ParseException(ParseException.OVERSIZED,
                    "record has " + (bytes.length > maxRecordBytes + 1 ? "more than " : "") + bytes.length
                            + " bytes, limit " + maxRecordBytes);
        }
        int from = 0;
        int to = bytes.length;
        if (to >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) from = 3;
        boolean wholeDocument = Formats.WHOLE_FILE.contains(format);
        if (!wholeDocument && to > from && bytes[to - 1] == '\n') {
            to--;
            if (to > from && bytes[to - 1] == '\r') to--;
        }
        if (to == from) throw new ParseException(ParseException.MALFORMED, "empty record");
        validate(bytes, from, to, wholeDocument, Formats.AUDITD.equals(format) ? 1 : 0);
        return from == 0 && to == bytes.length ? bytes : Arrays.copyOfRange(bytes, from, to);
    }

    /** auditd ENRICHED: the byte between a record's raw fields and auditd's interpretation of them. */
    static final int GROUP_SEPARATOR = 0x1D;

    private static void validate(byte[] b, int from, int to, boolean allowLineBreaks, int groupSeparators) throws ParseException {
        int separatorsLeft = groupSeparators;
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (c == GROUP_SEPARATOR && separatorsLeft > 0 && i > from) {
                    separatorsLeft--;
                    i++;
                    continue;
                }
                if (c < 0x20 && c != '\t' && !(allowLineBreaks && (c == '\n' || c == '\r'))) {
                    throw control(c, i);
                }
                if (c == 0x7F) throw control(c, i);
                i++;
                continue;
            }
            int need;
            int cp;
            if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; }
            else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; }
            else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; }
            else throw utf8("invalid UTF-8 lead byte 0x" + Integer.toHexString(c), i);
            if (i + need >= to) throw utf8("truncated UTF-8 sequence", i);
            for (int k = 1; k <= need; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) throw utf8("invalid UTF-8 continuation byte 0x" + Integer.toHexString(cc), i + k);
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) throw utf8("overlong or surrogate UTF-8 sequence", i);
            if (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) throw utf8("overlong or out-of-range UTF-8 sequence", i);
            if (cp >= 0x80 && cp <= 0x9F) throw control(cp, i);
            i += need + 1;
        }
    }

    private static ParseException control(int c, int at) {
        return new ParseException(ParseException.CONTROL_CHARACTERS,
                String.format("control character U+%04X at byte %d", c, at));
    }

    private static ParseException utf8(String what, int at) {
        return new ParseException(ParseException.INVALID_UTF8, what + " at byte " + at);
    }
}
