package io.peerwatch.detect.pattern.condition;

import io.peerwatch.schema.Signal;

/** {@code exists: true|false}: whether a field (usually an attribute) has a value at all. */
public final class Presence implements SignalPredicate {
    private static final long serialVersionUID = 1L;

    private final FieldRef field;
    private final boolean present;

    public Presence(FieldRef field, boolean present) {
        this.field = field;
        this.present = present;
    }

    @Override
    public boolean test(Signal s) {
        return (field.text(s) != null) == present;
    }

    @Override
    public String toString() { return field + (present ? " exists" : " absent"); }
}
