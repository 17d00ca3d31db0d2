package io.peerwatch.identity.timeline;

import io.peerwatch.identity.output.Evidence;
import io.peerwatch.identity.route.IdentityMessage;
import io.peerwatch.schema.BindingAction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The rules of one address's timeline, free of Flink so they can be tested and benchmarked directly. Facts
 * must be applied in event-time order (the keyed step guarantees it).
 *
 * <ul>
 *   <li>BIND/RENEW/SNAPSHOT by the holder of the open tenure renews it (dnsmasq logs renewals as DHCPACK).</li>
 *   <li>By another holder: the open tenure ends (at the new fact, or at its lease end if that came first) and a
 *       new one starts.</li>
 *   <li>RENEW/SNAPSHOT seen first (job started mid-lease) start up to holdFor earlier, never before the
 *       previous tenure ended: this claims only events that were waiting without a binding.</li>
 *   <li>RELEASE/EXPIRE end the open tenure of that holder (or of anyone, when the fact names no holder); seen
 *       without a tenure they record one that ended then, started as for a renewal.</li>
 * </ul>
 */
public final class AddressTimeline {

    /** A tenure opened or ended: the identity topic needs it. */
    public record Change(BindingInterval interval, boolean open, long endedAt) {}

    /** Why an address could not be attributed. */
    public static final String NO_BINDING = "no-binding";
    public static final String NO_BINDING_AT_TIME = "no-binding-at-time";
    public static final String HISTORY_EXPIRED = "binding-history-expired";

    private static final Comparator<BindingInterval> BY_START = Comparator.comparingLong(i -> i.validFrom);

    private final long holdFor;
    private final long defaultLease;
    private final long retention;

    public AddressTimeline(long holdForMillis, long defaultLeaseMillis, long retentionMillis) {
        this.holdFor = holdForMillis;
        this.defaultLease = defaultLeaseMillis;
        this.retention = retentionMillis;
    }

    public long holdFor() { return holdFor; }

    /** Applies one binding fact at its time; returns the tenures that opened or ended. */
    public List<Change> apply(AddressState s, IdentityMessage f) {
        List<Change> changes = new ArrayList<>(2);
        long t = f.time;
        BindingInterval last = s.latest();
        boolean lastOpen = last != null && last.end == BindingInterval.OPEN;
        BindingAction action = f.action == null ? BindingAction.BIND : f.action;
        switch (action) {
            case BIND, RENEW, SNAPSHOT -> {
                long leaseEnd = f.leaseMillis == Long.MAX_VALUE ? BindingInterval.OPEN
                        : saturatedAdd(t, f.leaseMillis >= 0 ? f.leaseMillis : defaultLease);
                if (lastOpen && Objects.equals(last.holder, f.holder)) {
                    last.leaseEnd = leaseEnd;
                    fillHints(last, f);
                    if (last.lapseReported) {
                        last.lapseReported = false;
                        changes.add(new Change(last, true, 0));
                    }
                    return changes;
                }
                if (lastOpen) {
                    long endedAt = Math.min(t, last.leaseEnd);
                    boolean alreadyReported = last.lapseReported;
                    last.end = endedAt;
                    if (!alreadyReported) changes.add(new Change(last, false, endedAt));
                }
                long from = action == BindingAction.BIND ? t : inferredStart(s, t);
                BindingInterval n = open(f, from, leaseEnd);
                n.inferredStart = from < t;
                add(s, n);
                changes.add(new Change(n, true, 0));
            }
            case RELEASE, EXPIRE -> {
                if (lastOpen && (f.holder == null || Objects.equals(last.holder, f.holder))) {
                    last.end = Math.max(t, last.validFrom);
                    changes.add(new Change(last, false, last.end));
                } else if (f.holder != null && !lastOpen) {
                    long from = inferredStart(s, t);
                    if (from < t) {
                        BindingInterval n = open(f, from, BindingInterval.OPEN);
                        n.end = t;
                        n.inferredStart = true;
                        add(s, n);
                    }
                }
                // else: a release by someone who does not hold the address: nothing changes
            }
            default -> { }
        }
        return changes;
    }

    private long inferredStart(AddressState s, long t) {
        long from = t - holdFor;
        BindingInterval last = s.latest();
        if (last != null) from = Math.max(from, last.effectiveEnd());
        if (s.historyFrom != Long.MIN_VALUE) from = Math.max(from, s.historyFrom);
        return Math.min(from, t);
    }

    private static BindingInterval open(IdentityMessage f, long from, long leaseEnd) {
        BindingInterval n = new BindingInterval();
        n.holder = f.holder;
        n.mac = f.holder != null && f.holder.startsWith("mac:") ? f.holder.substring(4) : null;
        n.validFrom = from;
        n.leaseEnd = leaseEnd;
        n.source = f.event == null ? null : f.event.getFormat();
        n.evidence = f.event == null ? null
                : Evidence.of(f.event, f.action + " " + f.address + (f.holder == null ? "" : " to " + f.holder));
        fillHints(n, f);
        return n;
    }

    private static void fillHints(BindingInterval i, IdentityMessage f) {
        if (f.hostnameHint != null) i.hostname = f.hostnameHint;
        if (f.vmUuidHint != null) i.vmUuid = f.vmUuidHint;
        if (f.vmNameHint != null) i.vmName = f.vmNameHint;
        if (f.instanceHint != null) i.instanceId = f.instanceHint;
    }

    private static void add(AddressState s, BindingInterval n) {
        s.bindings.add(n);
        if (s.bindings.size() > 1 && s.bindings.get(s.bindings.size() - 2).validFrom > n.validFrom) {
            s.bindings.sort(BY_START); // only after a late fact
        }
    }

    /** Result of a lookup: the tenure to use, or the reason there is none. */
    public record Resolution(BindingInterval interval, String reason) {}

    /**
     * The tenure valid when the event started; else (if the history reaches back that far) the earliest one
     * that started during the event. Never one that started after the event ended.
     */
    public Resolution resolve(AddressState s, long from, long to) {
        for (BindingInterval i : s.bindings) {
            if (i.covers(from)) return new Resolution(i, null);
        }
        if (from < s.historyFrom) return new Resolution(null, HISTORY_EXPIRED);
        BindingInterval best = null;
        for (BindingInterval i : s.bindings) {
            if (i.validFrom > from && i.validFrom <= to && i.effectiveEnd() > i.validFrom) {
                if (best == null || i.validFrom < best.validFrom) best = i;
            }
        }
        if (best != null) return new Resolution(best, null);
        return new Resolution(null, s.bindings.isEmpty() ? NO_BINDING : NO_BINDING_AT_TIME);
    }

    /** Open tenures whose lease ran out by {@code now} without renewal or release: report them ended once. */
    public List<Change> lapse(AddressState s, long now) {
        List<Change> changes = new ArrayList<>(1);
        for (BindingInterval i : s.bindings) {
            if (i.end == BindingInterval.OPEN && i.leaseEnd != BindingInterval.OPEN && i.leaseEnd <= now && !i.lapseReported) {
                i.lapseReported = true;
                changes.add(new Change(i, false, i.leaseEnd));
            }
        }
        return changes;
    }

    /** Forgets tenures that ended more than the retention ago. */
    public void expire(AddressState s, long now) {
        s.bindings.removeIf(i -> {
            long endedAt = i.effectiveEnd();
            if (endedAt != BindingInterval.OPEN && saturatedAdd(endedAt, retention) <= now) {
                s.historyFrom = Math.max(s.historyFrom, endedAt);
                return true;
            }
            return false;
        });
    }

    /** The next event time at which this state needs attention (a held deadline, lease end, forgetting time). */
    public long nextDue(AddressState s) {
        long due = Long.MAX_VALUE;
        for (BindingInterval i : s.bindings) {
            if (i.end == BindingInterval.OPEN && i.leaseEnd != BindingInterval.OPEN && !i.lapseReported) {
                due = Math.min(due, i.leaseEnd);
            }
            long endedAt = i.effectiveEnd();
            if (endedAt != BindingInterval.OPEN) due = Math.min(due, saturatedAdd(endedAt, retention));
        }
        for (IdentityMessage h : s.held) due = Math.min(due, h.deadline);
        return due == Long.MAX_VALUE ? Long.MIN_VALUE : due;
    }

    public static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : r;
    }
}
