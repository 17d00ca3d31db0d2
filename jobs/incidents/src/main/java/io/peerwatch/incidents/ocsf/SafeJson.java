package io.peerwatch.incidents.ocsf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * JSON for SIEMs that cannot be abused by what logs contain: every control character (C0, DEL, C1), the Unicode
 * line/paragraph separators and bidi overrides are written as {@code \\uXXXX}; every string is cut to a bound with a
 * visible marker; arrays are capped. The output is one line.
 */
public final class SafeJson {
    public static final String TRUNCATION_MARKER = "…[truncated ";

    static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setCharacterEscapes(new Escapes());
    }

    private SafeJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
    }

    /** {@code s} cut to at most {@code max} characters, the cut marked with how much was removed. */
    public static String bound(String s, int max) {
        if (s == null || s.length() <= max) return s;
        int keep = Math.max(0, max - 32);
        if (keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1))) keep--;
        return s.substring(0, keep) + TRUNCATION_MARKER + (s.length() - keep) + " chars]";
    }

    static void put(ObjectNode o, String field, String value, int max) {
        if (value != null) o.put(field, bound(value, max));
    }

    static ArrayNode strings(ObjectNode o, String field, Collection<String> values, int maxItems, int maxLen) {
        ArrayNode a = o.putArray(field);
        int n = 0;
        for (String v : values) {
            if (n++ >= maxItems) break;
            a.add(bound(v, maxLen));
        }
        return a;
    }

    /** Escapes what Jackson leaves raw by default: DEL, C1 controls, U+2028/2029, bidi controls. */
    static final class Escapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        Escapes() {
            ascii = CharacterEscapes.standardAsciiEscapesForJSON();
            ascii[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            boolean unsafe = (ch >= 0x80 && ch <= 0x9F) || ch == 0x2028 || ch == 0x2029
                    || (ch >= 0x202A && ch <= 0x202E) || (ch >= 0x2066 && ch <= 0x2069) || ch == 0x200E || ch == 0x200F;
            return unsafe ? new SerializedString(String.format("\\u%04X", ch)) : null;
        }
    }
}
