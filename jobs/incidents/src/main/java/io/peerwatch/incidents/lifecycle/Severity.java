package io.peerwatch.incidents.lifecycle;

import java.util.List;
import java.util.Locale;

/** The severity ladder shared by detections and incidents. */
public final class Severity {
    public static final List<String> LADDER = List.of("LOW", "MEDIUM", "HIGH", "CRITICAL");

    private Severity() {}

    /** 1..4 for LOW..CRITICAL, 0 for anything else. */
    public static int rank(String s) {
        return s == null ? 0 : LADDER.indexOf(s.trim().toUpperCase(Locale.ROOT)) + 1;
    }

    public static String normalize(String s) {
        int r = rank(s);
        return r == 0 ? "MEDIUM" : LADDER.get(r - 1);
    }
}
