package io.peerwatch.detect.pattern.condition;

import io.peerwatch.schema.Signal;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/** Adapts a compiled predicate to Flink CEP (stateless: it looks at the one signal only). */
public final class SignalCondition extends SimpleCondition<Signal> {
    private static final long serialVersionUID = 1L;

    private final String description;
    private final SignalPredicate predicate;

    public SignalCondition(String description, SignalPredicate predicate) {
        this.description = description;
        this.predicate = predicate;
    }

    @Override
    public boolean filter(Signal value) {
        return predicate.test(value);
    }

    public SignalPredicate predicate() { return predicate; }

    @Override
    public String toString() { return description + ": " + predicate; }
}
