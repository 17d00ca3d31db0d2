package io.peerwatch.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Figures and notes collected by the suites, printed as one table at the end. */
public final class Report {
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final PrintStream out;

    public Report(PrintStream out) {
        this.out = out;
    }

    /** Adds a figure and prints it at once, so a long run shows progress. */
    public void add(Figure f) {
        figures.add(f);
        out.printf("  -> %-34s %s%s%n", f.measure(), f.valueText(), f.target() == null ? "" : "  (target " + f.targetText() + ": " + f.verdict() + ")");
        out.flush();
    }

    /** A line for the summary (a suite that could not run, a count that did not reconcile, ...). */
    public void note(String suite, String text) {
        notes.add(suite + ": " + text);
        out.println("  note: " + text);
        out.flush();
    }

    /** A progress or detail line of a suite (not repeated in the summary). */
    public void line(String format, Object... args) {
        out.printf("  " + format + "%n", args);
        out.flush();
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The summary table: suite, measure, figure, target, pass/miss; then the notes. */
    public String summary() {
        String[] head = {"SUITE", "MEASURE", "FIGURE", "TARGET", "RESULT"};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (Figure f : figures) rows.add(new String[] {f.suite(), f.measure(), f.valueText(), f.targetText(), f.verdict()});
        int[] w = new int[head.length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            for (int i = 0; i < r.length; i++) {
                boolean right = i == 2 || i == 3;
                String cell = right ? " ".repeat(w[i] - r[i].length()) + r[i] : r[i] + " ".repeat(w[i] - r[i].length());
                sb.append(cell);
                if (i < r.length - 1) sb.append("  ");
            }
            sb.append(System.lineSeparator());
            if (k == 0) {
                int total = 0;
                for (int x : w) total += x;
                sb.append("-".repeat(total + 2 * (w.length - 1))).append(System.lineSeparator());
            }
        }
        for (String n : notes) sb.append("note: ").append(n).append(System.lineSeparator());
        return sb.toString();
    }
}
