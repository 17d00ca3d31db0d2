package io.peerwatch.detect.pattern;

import io.peerwatch.detect.pattern.condition.SignalCondition;
import io.peerwatch.schema.Signal;
import java.time.Duration;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;

/** Turns a validated {@link PatternSpec} into a Flink CEP {@link Pattern} over signals. */
public final class PatternCompiler {
    private PatternCompiler() {}

    public static Pattern<Signal, Signal> compile(PatternSpec spec) {
        AfterMatchSkipStrategy skip = skipStrategy(spec.afterMatch());
        Pattern<Signal, Signal> p = null;
        for (int i = 0; i < spec.stages().size(); i++) {
            StageSpec stage = spec.stages().get(i);
            if (p == null) {
                p = Pattern.<Signal>begin(stage.name(), skip);
            } else {
                p = switch (stage.contiguity()) {
                    case STRICT -> p.next(stage.name());
                    case RELAXED -> p.followedBy(stage.name());
                    case ANY -> p.followedByAny(stage.name());
                    case NOT_FOLLOWED -> p.notFollowedBy(stage.name());
                    case NOT_NEXT -> p.notNext(stage.name());
                };
            }
            p = p.where(new SignalCondition(spec.id() + "/" + stage.name(), stage.condition()));
            if (!stage.negated()) p = quantify(p, stage, i == spec.stages().size() - 1);
        }
        return p.within(Duration.ofMillis(spec.withinMillis()));
    }

    private static Pattern<Signal, Signal> quantify(Pattern<Signal, Signal> p, StageSpec s, boolean last) {
        Pattern<Signal, Signal> q = p;
        if (s.maxTimes() == -1) {
            q = s.minTimes() == 1 ? q.oneOrMore() : q.timesOrMore(s.minTimes());
            // "N+" in the middle loops greedily so one burst gives one match, not one per prefix (CEP forbids
            // greedy on the last stage; there the skip strategy bounds repeated matches instead)
            if (!last) q = q.greedy();
        } else if (s.minTimes() != 1 || s.maxTimes() != 1) {
            q = s.minTimes() == s.maxTimes() ? q.times(s.minTimes()) : q.times(s.minTimes(), s.maxTimes());
        }
        return s.optional() ? q.optional() : q;
    }

    static AfterMatchSkipStrategy skipStrategy(String value) {
        switch (value) {
            case "no-skip": return AfterMatchSkipStrategy.noSkip();
            case "skip-to-next": return AfterMatchSkipStrategy.skipToNext();
            case "skip-past-last-event": return AfterMatchSkipStrategy.skipPastLastEvent();
            default: break;
        }
        if (value.startsWith("skip-to-first:")) return AfterMatchSkipStrategy.skipToFirst(value.substring("skip-to-first:".length()));
        if (value.startsWith("skip-to-last:")) return AfterMatchSkipStrategy.skipToLast(value.substring("skip-to-last:".length()));
        throw new IllegalArgumentException("unknown afterMatch strategy " + value);
    }
}
