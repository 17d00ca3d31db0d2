package io.peerwatch.detect.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte counts in config files: plain numbers, or with a unit: {@code 500k}, {@code 50MB}, {@code 1.5GiB}. Decimal units are powers of 1000. */
public final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?)(b?)");

    private ByteSizes() {}

    public static double parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty size");
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException("not a number or byte size: '" + text + "' (e.g. 5, 500k, 50MB, 1GiB)");
        double n = Double.parseDouble(m.group(1));
        if (m.group(2).isEmpty()) {
            if (!m.group(3).isEmpty()) throw new IllegalArgumentException("not a byte size: '" + text + "'");
            return n;
        }
        double base = m.group(3).isEmpty() ? 1000.0 : 1024.0;
        int exp = "kmgt".indexOf(m.group(2)) + 1;
        return n * Math.pow(base, exp);
    }
}
