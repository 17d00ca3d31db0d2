package io.peerwatch.testkit.scenario.format;

/** The few JSON pieces the Zeek writer needs: escaped strings and Zeek's time/interval numbers. */
public final class Json {
    private Json() {}

    public static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    /**
     * Seconds with up to 6 decimals, trailing zeros dropped but one kept ("1793577630.0", "0.218575"), the way
     * Zeek's JSON writer prints time and interval values.
     */
    public static void seconds(StringBuilder sb, long micros) {
        long whole = micros / 1_000_000L;
        long frac = micros % 1_000_000L;
        sb.append(whole).append('.');
        if (frac == 0) {
            sb.append('0');
            return;
        }
        int digits = 6;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        String f = Long.toString(frac);
        for (int i = f.length(); i < digits; i++) sb.append('0');
        sb.append(f);
    }
}
