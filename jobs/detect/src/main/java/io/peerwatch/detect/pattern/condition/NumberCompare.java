package io.peerwatch.detect.pattern.condition;

import io.peerwatch.schema.Signal;

/** {@code field OP value} on a number view of a field; a missing or non-numeric value never matches. */
public final class NumberCompare implements SignalPredicate {
    private static final long serialVersionUID = 1L;

    public enum Op {
        GT(">"), GTE(">="), LT("<"), LTE("<="), EQ("=="), NE("!=");
        final String symbol;
        Op(String symbol) { this.symbol = symbol; }
    }

    private final FieldRef field;
    private final Op op;
    private final double value;

    public NumberCompare(FieldRef field, Op op, double value) {
        this.field = field;
        this.op = op;
        this.value = value;
    }

    @Override
    public boolean test(Signal s) {
        Double v = field.number(s);
        if (v == null) return false;
        return switch (op) {
            case GT -> v > value;
            case GTE -> v >= value;
            case LT -> v < value;
            case LTE -> v <= value;
            case EQ -> v == value;
            case NE -> v != value;
        };
    }

    @Override
    public String toString() { return field + " " + op.symbol + " " + value; }
}
