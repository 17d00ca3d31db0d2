package io.peerwatch.incidents.render;

/**
 * Makes log-derived text safe to print on a terminal: control characters (including ESC, so no ANSI sequences),
 * line separators and bidi overrides are shown as visible escapes, and long values are cut.
 */
public final class TerminalText {
    private TerminalText() {}

    public static String clean(String s, int max) {
        if (s == null) return "-";
        StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 16);
        for (int i = 0; i < s.length(); i++) {
            if (b.length() >= max) {
                b.append("…[+").append(s.length() - i).append(" chars]");
                break;
            }
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202A' && c <= '\u202E')
                            || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F') {
                        b.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    public static String clean(String s) {
        return clean(s, 512);
    }
}
