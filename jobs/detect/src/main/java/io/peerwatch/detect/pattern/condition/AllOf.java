package io.peerwatch.detect.pattern.condition;

import io.peerwatch.schema.Signal;
import java.util.List;

/** Every predicate holds (the keys of one {@code where} map). */
public final class AllOf implements SignalPredicate {
    private static final long serialVersionUID = 1L;

    private final List<SignalPredicate> all;

    public AllOf(List<SignalPredicate> all) {
        this.all = List.copyOf(all);
    }

    @Override
    public boolean test(Signal s) {
        for (SignalPredicate p : all) {
            if (!p.test(s)) return false;
        }
        return true;
    }

    public List<SignalPredicate> predicates() { return all; }

    @Override
    public String toString() { return all.toString(); }
}
