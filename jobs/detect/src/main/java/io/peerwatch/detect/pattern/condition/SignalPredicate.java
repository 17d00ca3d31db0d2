package io.peerwatch.detect.pattern.condition;

import io.peerwatch.schema.Signal;
import java.io.Serializable;

/** One test on a signal, compiled from a pattern file; small and serializable so CEP can ship it. */
@FunctionalInterface
public interface SignalPredicate extends Serializable {
    boolean test(Signal signal);
}
