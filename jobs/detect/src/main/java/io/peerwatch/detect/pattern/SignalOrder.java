package io.peerwatch.detect.pattern;

import io.peerwatch.schema.Signal;
import java.util.Comparator;
import org.apache.flink.cep.EventComparator;

/**
 * Tie-break for signals with the same timestamp, so CEP sees them in one order on every run: kind, local port,
 * remote address, count, then the first evidence's event id.
 */
public final class SignalOrder implements EventComparator<Signal> {
    private static final long serialVersionUID = 1L;

    static final Comparator<Signal> ORDER = Comparator.comparingLong(Signal::getTime)
            .thenComparing(Signal::getKind)
            .thenComparingInt(Signal::getLocalPort)
            .thenComparing(s -> s.getRemoteIp() == null ? "" : s.getRemoteIp())
            .thenComparingInt(Signal::getRemotePort)
            .thenComparingLong(Signal::getCount)
            .thenComparing(s -> s.getEvidence() == null || s.getEvidence().isEmpty() ? "" : s.getEvidence().get(0).getEventId());

    @Override
    public int compare(Signal a, Signal b) {
        return ORDER.compare(a, b);
    }
}
