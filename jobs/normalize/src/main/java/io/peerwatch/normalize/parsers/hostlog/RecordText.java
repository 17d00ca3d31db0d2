package io.peerwatch.normalize.parsers.hostlog;

import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.parse.ParseException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns raw bytes into text the parsers can trust: strict UTF-8 (no replacement characters), a size limit,
 * and no control characters except the ones a format really contains. Parsers run on hostile input (the fuzz
 * test and real attackers inside guests), so this is the first check every parser of this package makes.
 */
public final class RecordText {
    private RecordText() {}

    /**
     * One log line: trailing CR/LF removed, a UTF-8 BOM removed, TAB allowed, plus the control characters in
     * {@code alsoAllowed} (auditd's ENRICHED format separates its appendix with 0x1D). The pipeline's
     * RecordGuard checks the same before parsing; parsers check again because they are also called directly
     * (benchmarks, fuzz tests, other jobs).
     */
    public static String line(RawRecord raw, int maxBytes, String alsoAllowed) throws ParseException {
        String s = decode(raw, maxBytes);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) end--;
        if (end != s.length()) s = s.substring(0, end);
        checkControls(s, alsoAllowed);
        return s;
    }

    /** A whole document (XML, JSON array): TAB, CR and LF allowed. */
    public static String document(RawRecord raw, int maxBytes) throws ParseException {
        String s = decode(raw, maxBytes);
        checkControls(s, "\n\r");
        return s;
    }

    private static String decode(RawRecord raw, int maxBytes) throws ParseException {
        if (raw == null || raw.bytes == null) throw new ParseException(ParseException.MALFORMED, "record has no bytes");
        byte[] b = raw.bytes;
        if (b.length > maxBytes) {
            throw new ParseException(ParseException.OVERSIZED, "record of " + b.length + " bytes exceeds the limit of " + maxBytes);
        }
        String s;
        if (isAscii(b)) {
            s = new String(b, StandardCharsets.ISO_8859_1); // fast path, identical to UTF-8 for ASCII
        } else {
            CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                CharBuffer cb = dec.decode(ByteBuffer.wrap(b));
                s = cb.toString();
            } catch (CharacterCodingException e) {
                throw new ParseException(ParseException.INVALID_UTF8, "record is not valid UTF-8", e);
            }
        }
        if (!s.isEmpty() && s.charAt(0) == '\uFEFF') s = s.substring(1);
        return s;
    }

    private static boolean isAscii(byte[] b) {
        for (byte x : b) if (x < 0) return false;
        return true;
    }

    private static void checkControls(String s, String alsoAllowed) throws ParseException {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && alsoAllowed.indexOf(c) < 0) || (c >= 0x7f && c <= 0x9f)) {
                throw new ParseException(ParseException.CONTROL_CHARACTERS,
                        "control character U+" + String.format("%04X", (int) c) + " at position " + i);
            }
        }
    }

    /** Cuts untrusted text that goes into an output field or a message to {@code max} characters. */
    public static String bounded(String s, int max) {
        if (s == null || s.length() <= max) return s;
        int cut = max;
        if (Character.isHighSurrogate(s.charAt(cut - 1))) cut--;
        return s.substring(0, cut) + "…";
    }

    /** Free text for an output field: control characters (JSON escapes can carry them) become spaces, then bounded. */
    public static String singleLine(String s, int max) {
        if (s == null) return null;
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                if (sb == null) sb = new StringBuilder(s);
                sb.setCharAt(i, ' ');
            }
        }
        return bounded(sb == null ? s : sb.toString(), max);
    }

    /**
     * A single-line identifier or name from untrusted input: trimmed, null when empty; control characters or
     * more than {@code max} characters are an error (they are never part of a real name).
     */
    public static String name(String v, String what, int max) throws ParseException {
        if (v == null) return null;
        String s = v.strip();
        if (s.isEmpty()) return null;
        if (s.length() > max) throw new ParseException(ParseException.OVERSIZED, what + " is longer than " + max + " characters");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                throw new ParseException(ParseException.CONTROL_CHARACTERS, what + " contains a control character");
            }
        }
        return s;
    }

    /**
     * Text from a guest (command lines, file names) for an output field: control characters shown as
     * {@code \xNN} so nothing is hidden or lost, then bounded.
     */
    public static String escapeControls(String s, int max) {
        if (s == null) return null;
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
            if (control && sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (sb != null) {
                if (control) sb.append(String.format("\\x%02x", (int) c));
                else sb.append(c);
            }
        }
        return bounded(sb == null ? s : sb.toString(), max);
    }
}
