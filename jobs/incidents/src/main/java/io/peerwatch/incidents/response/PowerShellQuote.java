package io.peerwatch.incidents.response;

/**
 * Quotes values for PowerShell. Single-quoted strings expand nothing; PowerShell also ends them at the
 * typographic quotes U+2018..U+201B, so those are doubled too. Hyper-V cmdlets treat -VMName/-Name as wildcard
 * patterns, so a name like {@code *} would match every VM: {@link #literalName} escapes the wildcard characters.
 */
public final class PowerShellQuote {
    private PowerShellQuote() {}

    public static String quote(String value) {
        String s = value == null ? "" : value;
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c);
            if (c == '\'' || (c >= '\u2018' && c <= '\u201B')) b.append(c);
        }
        return b.append('\'').toString();
    }

    /** A quoted name that wildcard-matching parameters take literally. */
    public static String literalName(String value) {
        String s = value == null ? "" : value;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '`') b.append('`');
            b.append(c);
        }
        return quote(b.toString());
    }
}
