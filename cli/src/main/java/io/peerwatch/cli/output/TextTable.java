package io.peerwatch.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain text table for people: columns as wide as their widest cell, numbers right-aligned, an optional
 * separator line before a total row.
 */
public final class TextTable {
    private final List<String> headers;
    private final List<String[]> rows = new ArrayList<>();
    private final List<Integer> separatorsBefore = new ArrayList<>();

    public TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; numbers are formatted with thousands separators. */
    public TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size() + " columns");
        }
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) r[i] = cell(cells[i]);
        rows.add(r);
        return this;
    }

    /** A line before the next row (e.g. before a total). */
    public TextTable separator() {
        separatorsBefore.add(rows.size());
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    private static String cell(Object o) {
        if (o == null) return "-";
        if (o instanceof Long || o instanceof Integer) return Fmt.count(((Number) o).longValue());
        return o.toString();
    }

    public String render() {
        int n = headers.size();
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        Arrays.fill(numeric, true);
        for (int i = 0; i < n; i++) width[i] = headers.get(i).length();
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], r[i].length());
                if (!r[i].matches("-|[0-9][0-9,.]*\\s*[%a-zA-Z/]*")) numeric[i] = false;
            }
        }
        if (rows.isEmpty()) Arrays.fill(numeric, false);
        numeric[0] = false;
        StringBuilder sb = new StringBuilder();
        line(sb, headers.toArray(String[]::new), width, numeric);
        for (int ri = 0; ri < rows.size(); ri++) {
            if (separatorsBefore.contains(ri)) {
                int total = Arrays.stream(width).sum() + 2 * (n - 1);
                sb.append("-".repeat(total)).append('\n');
            }
            line(sb, rows.get(ri), width, numeric);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width, boolean[] right) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) l.append("  ");
            String pad = " ".repeat(width[i] - cells[i].length());
            l.append(right[i] ? pad + cells[i] : cells[i] + pad);
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
