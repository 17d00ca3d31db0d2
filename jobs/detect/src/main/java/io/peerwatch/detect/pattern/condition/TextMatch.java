package io.peerwatch.detect.pattern.condition;

import io.peerwatch.schema.Signal;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code field in {values}} or {@code field not in {values}} on the text view of a field (case-sensitive;
 * equality is a one-element set). A missing value matches only the negated form.
 */
public final class TextMatch implements SignalPredicate {
    private static final long serialVersionUID = 1L;

    private final FieldRef field;
    private final TreeSet<String> values;
    private final boolean negated;

    public TextMatch(FieldRef field, Set<String> values, boolean negated) {
        if (values.isEmpty()) throw new IllegalArgumentException("empty value list for " + field);
        this.field = field;
        this.values = new TreeSet<>(values);
        this.negated = negated;
    }

    @Override
    public boolean test(Signal s) {
        String v = field.text(s);
        boolean in = v != null && values.contains(v);
        return negated != in;
    }

    @Override
    public String toString() { return field + (negated ? " not in " : " in ") + values; }
}
