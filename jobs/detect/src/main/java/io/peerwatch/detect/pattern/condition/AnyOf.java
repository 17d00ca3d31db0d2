package io.peerwatch.detect.pattern.condition;

import io.peerwatch.schema.Signal;
import java.util.List;

/** At least one alternative holds (a stage's {@code anyOf} list of {@code where} maps). */
public final class AnyOf implements SignalPredicate {
    private static final long serialVersionUID = 1L;

    private final List<SignalPredicate> any;

    public AnyOf(List<SignalPredicate> any) {
        if (any.isEmpty()) throw new IllegalArgumentException("anyOf needs at least one alternative");
        this.any = List.copyOf(any);
    }

    @Override
    public boolean test(Signal s) {
        for (SignalPredicate p : any) {
            if (p.test(s)) return true;
        }
        return false;
    }

    @Override
    public String toString() { return "anyOf" + any; }
}
