package io.peerwatch.normalize.parsers.hostlog;

import io.peerwatch.normalize.parse.ParseException;

/** UUID validation into the canonical lower-case 8-4-4-4-12 form used as VM key everywhere. */
public final class Uuids {
    private Uuids() {}

    /**
     * Accepts the canonical form in any case, 32 bare hex digits (libvirt accepts both) and the braced form
     * Windows tools print.
     */
    public static String canonical(String text, String what) throws ParseException {
        String s = text == null ? "" : text.trim();
        if (s.length() == 38 && s.charAt(0) == '{' && s.charAt(37) == '}') s = s.substring(1, 37);
        String hex;
        if (s.length() == 36 && s.charAt(8) == '-' && s.charAt(13) == '-' && s.charAt(18) == '-' && s.charAt(23) == '-') {
            hex = s.substring(0, 8) + s.substring(9, 13) + s.substring(14, 18) + s.substring(19, 23) + s.substring(24);
        } else if (s.length() == 32) {
            hex = s;
        } else {
            throw invalid(text, what);
        }
        if (!Hex.isHex(hex)) throw invalid(text, what);
        hex = hex.toLowerCase(java.util.Locale.ROOT);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    public static String canonicalOrNull(String text, String what) throws ParseException {
        return text == null || text.isBlank() ? null : canonical(text, what);
    }

    public static boolean isUuid(String text) {
        try {
            canonical(text, "");
            return true;
        } catch (ParseException e) {
            return false;
        }
    }

    private static ParseException invalid(String text, String what) {
        return new ParseException(ParseException.MALFORMED, "invalid UUID in " + what + ": '" + RecordText.bounded(text, 64) + "'");
    }
}
