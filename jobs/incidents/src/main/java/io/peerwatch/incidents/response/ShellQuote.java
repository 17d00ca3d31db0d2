package io.peerwatch.incidents.response;

import java.util.regex.Pattern;

/**
 * Quotes a value for POSIX shells so that a VM name taken from logs can never become code: plain words stay as
 * they are, anything else is single-quoted, and a value holding control or bidi-override characters is written
 * with ANSI-C quoting ({@code $'...'}, bash/zsh/ksh) so no raw control byte reaches a terminal or a shell.
 */
public final class ShellQuote {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");
    private static final Pattern VARIABLE = Pattern.compile("\\$[A-Za-z_][A-Za-z0-9_]*");

    private ShellQuote() {}

    public static String quote(String value) {
        String s = value == null ? "" : value;
        if (!s.isEmpty() && PLAIN.matcher(s).matches() && !s.startsWith("-")) return s;
        if (hasUnsafeCharacters(s)) return ansiC(s);
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** A configured value: a shell variable reference stays a (double-quoted) variable, anything else is quoted. */
    public static String quoteOrVariable(String value) {
        if (value != null && VARIABLE.matcher(value).matches()) return "\"" + value + "\"";
        return quote(value);
    }

    /** Control characters (C0, DEL, C1), line/paragraph separators and bidi controls. */
    public static boolean hasUnsafeCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isUnsafe(s.charAt(i))) return true;
        }
        return false;
    }

    static boolean isUnsafe(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F';
    }

    private static String ansiC(String s) {
        StringBuilder b = new StringBuilder("$'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '\'') b.append('\\').append(c);
            else if (c < 0x80 && isUnsafe(c)) b.append(String.format("\\x%02x", (int) c));
            else if (isUnsafe(c)) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('\'').toString();
    }
}
