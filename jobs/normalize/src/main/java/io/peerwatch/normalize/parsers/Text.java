package io.peerwatch.normalize.parsers;

/** Small text helpers for untrusted input. */
final class Text {
    private Text() {}

    /** Cuts text to {@code max} chars (never splitting a surrogate pair), for fields and messages. */
    static String bounded(String s, int max) {
        if (s == null || s.length() <= max) return s;
        int cut = max;
        if (Character.isHighSurrogate(s.charAt(cut - 1))) cut--;
        return s.substring(0, cut) + "…";
    }

    /** Null for null, empty or (after trimming) blank text. */
    static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
