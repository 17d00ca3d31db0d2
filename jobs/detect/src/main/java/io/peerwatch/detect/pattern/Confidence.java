package io.peerwatch.detect.pattern;

import io.peerwatch.schema.Signal;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Confidence of a match: the pattern's base confidence, raised by each distinct signal kind that matched (noisy-OR
 * with half the signal's weight, so richer evidence moves it up and one kind repeated does not). Capped below 1.
 */
public final class Confidence {
    public static final double CAP = 0.99;

    private Confidence() {}

    public static double of(double base, Collection<Signal> signals) {
        Map<String, Double> strongestPerKind = new HashMap<>();
        for (Signal s : signals) {
            double w = Math.max(0, Math.min(1, s.getWeight()));
            strongestPerKind.merge(s.getKind(), w, Math::max);
        }
        double doubt = 1 - Math.max(0, Math.min(1, base));
        for (double w : strongestPerKind.values()) doubt *= 1 - 0.5 * w;
        double c = 1 - doubt;
        return Math.round(Math.min(CAP, c) * 1000) / 1000.0;
    }
}
