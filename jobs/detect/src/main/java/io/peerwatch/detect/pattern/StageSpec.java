package io.peerwatch.detect.pattern;

import io.peerwatch.detect.pattern.condition.SignalPredicate;
import java.io.Serializable;

/**
 * One stage of a pattern: which signals it accepts, how many, and how it follows the previous stage.
 *
 * @param maxTimes -1 for "or more"
 */
public record StageSpec(String name, Contiguity contiguity, int minTimes, int maxTimes, boolean optional,
                        SignalPredicate condition, String conditionText) implements Serializable {

    public boolean negated() { return contiguity == Contiguity.NOT_FOLLOWED || contiguity == Contiguity.NOT_NEXT; }

    /** How a stage follows the previous one (Flink CEP: next / followedBy / followedByAny). */
    public enum Contiguity {
        /** The very next signal of the VM must match ({@code next}). */
        STRICT,
        /** Other signals may come in between ({@code followedBy}); the default. */
        RELAXED,
        /** Like RELAXED, but every matching signal starts its own branch ({@code followedByAny}). */
        ANY,
        /** No matching signal may come before the next stage, or within the pattern's window when last ({@code notFollowedBy}). */
        NOT_FOLLOWED,
        /** The very next signal must not match ({@code notNext}). */
        NOT_NEXT
    }
}
