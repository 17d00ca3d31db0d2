package io.peerwatch.normalize.parsers.hostlog;

import io.peerwatch.normalize.parse.ParseException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The key=value body of a raw audit.log record. Values are kept as written (quotes included) so that the
 * caller can tell a literal ({@code "curl"}) from a hex-encoded value ({@code 2F746D70}), which is how the
 * kernel writes strings containing spaces, quotes, control or non-ASCII bytes.
 */
public final class AuditFields {
    private AuditFields() {}

    /** Splits {@code k=v k2="v 2" k3='a b'} into an ordered map; at most {@code maxFields} fields. */
    public static Map<String, String> split(String s, int maxFields) throws ParseException {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && s.charAt(i) == ' ') i++;
            if (i >= n) break;
            int eq = s.indexOf('=', i);
            int sp = s.indexOf(' ', i);
            if (eq < 0 || (sp >= 0 && sp < eq)) { // a word without '=' (some records carry free text): skip it
                i = sp < 0 ? n : sp + 1;
                continue;
            }
            String key = s.substring(i, eq);
            int v = eq + 1;
            int end;
            if (v < n && (s.charAt(v) == '"' || s.charAt(v) == '\'')) {
                int close = s.indexOf(s.charAt(v), v + 1);
                if (close < 0) throw new ParseException(ParseException.MALFORMED, "unterminated quoted value of " + RecordText.bounded(key, 40));
                end = close + 1;
            } else {
                int next = s.indexOf(' ', v);
                end = next < 0 ? n : next;
            }
            if (out.size() >= maxFields) throw new ParseException(ParseException.OVERSIZED, "audit record with more than " + maxFields + " fields");
            out.putIfAbsent(key, s.substring(v, end));
            i = end;
        }
        return out;
    }

    /**
     * Decodes an encoded string field: {@code "text"} → text, {@code (null)} → null, unquoted hex → its bytes
     * as UTF-8 (invalid sequences replaced: program arguments are arbitrary bytes), other unquoted → as is.
     */
    public static String decode(String raw) {
        if (raw == null) return null;
        if (raw.length() >= 2 && (raw.charAt(0) == '"' || raw.charAt(0) == '\'') && raw.charAt(raw.length() - 1) == raw.charAt(0)) {
            return raw.substring(1, raw.length() - 1);
        }
        if (raw.equals("(null)") || raw.equals("(none)")) return null;
        byte[] b = decodeBytes(raw);
        return b != null ? new String(b, StandardCharsets.UTF_8) : raw;
    }

    /** The bytes of an unquoted hex value, null when the value is quoted or not hex. */
    public static byte[] decodeBytes(String raw) {
        if (raw == null || raw.isEmpty() || raw.charAt(0) == '"') return null;
        return Hex.decode(raw);
    }
}
