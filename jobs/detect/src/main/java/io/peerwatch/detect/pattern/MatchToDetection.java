package io.peerwatch.detect.pattern;

import io.peerwatch.detect.signal.SignalAttributes;
import io.peerwatch.schema.Detection;
import io.peerwatch.schema.Signal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One CEP match becomes one {@link Detection}: pattern metadata, the VM, the matched signals (bounded), first and
 * last seen, confidence, and suppression carried by the signals (an allowlisted volume anomaly is kept but
 * marked suppressed with its reason).
 */
public final class MatchToDetection extends PatternProcessFunction<Signal, Detection> {
    private static final long serialVersionUID = 1L;

    private final PatternSpec spec;
    private final int maxSignals;

    public MatchToDetection(PatternSpec spec, int maxSignals) {
        if (maxSignals < spec.stages().size()) throw new IllegalArgumentException("maxSignals must cover one signal per stage");
        this.spec = spec;
        this.maxSignals = maxSignals;
        this.endsByWaiting = spec.stages().get(spec.stages().size() - 1).contiguity() == StageSpec.Contiguity.NOT_FOLLOWED;
    }

    /**
     * When the match was complete, in event time, from the match alone. CEP hands over a match that ends with
     * {@code notFollowedBy} only once time passed its window, and stamps it with whatever the watermark then is
     * (which depends on how the stream was read); the window itself started at the first signal's stream time, so
     * that time plus {@code within} is when it was decided. Any other match completes with its last signal.
     */
    private final boolean endsByWaiting;

    private static long observedAt(Signal s) {
        return s.getObservedAt() > 0 ? s.getObservedAt() : s.getTime();
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < a ? Long.MAX_VALUE : r;
    }

    @Override
    public void processMatch(Map<String, List<Signal>> match, Context ctx, Collector<Detection> out) {
        Detection d = toDetection(match);
        if (d != null) out.collect(d);
    }

    /** Pure mapping, also used by the example runner and tests. */
    public Detection toDetection(Map<String, List<Signal>> match) {
        List<Signal> all = new ArrayList<>();
        List<Signal> kept = new ArrayList<>();
        // keep the first signal of every stage, then fill up in stage order: each stage stays represented
        List<List<Signal>> perStage = new ArrayList<>();
        for (StageSpec s : spec.stages()) {
            List<Signal> l = match.getOrDefault(s.name(), List.of());
            perStage.add(l);
            all.addAll(l);
        }
        if (all.isEmpty()) return null;
        for (List<Signal> l : perStage) if (!l.isEmpty()) kept.add(l.get(0));
        for (List<Signal> l : perStage) {
            for (int i = 1; i < l.size() && kept.size() < maxSignals; i++) kept.add(l.get(i));
        }
        kept.sort(Comparator.comparingLong(Signal::getTime));

        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long firstObserved = Long.MAX_VALUE;
        long lastObserved = Long.MIN_VALUE;
        Signal withVm = null;
        String suppression = null;
        String expected = null;
        for (Signal s : all) {
            first = Math.min(first, s.getTime());
            last = Math.max(last, s.getTime());
            firstObserved = Math.min(firstObserved, observedAt(s));
            lastObserved = Math.max(lastObserved, observedAt(s));
            if (s.getVm() != null || withVm == null) withVm = s;
            Map<String, String> a = s.getAttributes();
            if (a != null) {
                if ("true".equals(a.get(SignalAttributes.SUPPRESSED)) && suppression == null) {
                    suppression = a.getOrDefault(SignalAttributes.SUPPRESSION_REASON, "suppressed by configuration");
                }
                if (a.get(SignalAttributes.EXPECTED_REASON) != null && expected == null) expected = a.get(SignalAttributes.EXPECTED_REASON);
            }
        }
        return Detection.newBuilder()
                .setVmKey(withVm.getVmKey())
                .setVm(withVm.getVm())
                .setBinding(withVm.getBinding())
                .setCategory(spec.category())
                .setPatternId(spec.id())
                .setPatternVersion(spec.version())
                .setTitle(spec.title())
                .setSeverity(spec.severity())
                .setConfidence(Confidence.of(spec.confidence(), all))
                .setFirstSeen(first)
                .setLastSeen(last)
                .setDetectedAt(endsByWaiting ? saturatedAdd(firstObserved, spec.withinMillis()) : lastObserved)
                .setSignals(kept)
                .setSuppressed(suppression != null)
                .setSuppressionReason(suppression)
                .setExpectedReason(expected)
                .build();
    }
}
