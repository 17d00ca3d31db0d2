package io.peerwatch.identity.output;

/**
 * A minimal one-line JSON object writer for SIEM output: every string is escaped (quotes, backslash, all
 * control characters and the Unicode line separators) and cut to a bounded length, so one record is always one
 * line of bounded size.
 */
public final class JsonLine {
    static final int MAX_STRING = 512;

    private final StringBuilder sb = new StringBuilder(512).append('{');
    private boolean first = true;

    public JsonLine field(String name, String value) {
        key(name);
        if (value == null) sb.append("null");
        else string(value);
        return this;
    }

    public JsonLine field(String name, long value) {
        key(name);
        sb.append(value);
        return this;
    }

    public JsonLine field(String name, boolean value) {
        key(name);
        sb.append(value);
        return this;
    }

    /** Adds a nested object written by {@code inner}, or null. */
    public JsonLine object(String name, JsonLine inner) {
        key(name);
        if (inner == null) sb.append("null");
        else sb.append(inner.end());
        return this;
    }

    public JsonLine nullObject(String name) {
        key(name);
        sb.append("null");
        return this;
    }

    public String end() {
        return sb.toString() + '}';
    }

    private void key(String name) {
        if (!first) sb.append(',');
        first = false;
        string(name);
        sb.append(':');
    }

    private void string(String s) {
        String v = s.length() > MAX_STRING ? s.substring(0, MAX_STRING) : s;
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c) && !validSurrogate(v, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** A surrogate is kept only as part of a valid pair; a lone one is escaped. */
    private static boolean validSurrogate(String v, int i) {
        char c = v.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(v.charAt(i - 1));
    }
}
