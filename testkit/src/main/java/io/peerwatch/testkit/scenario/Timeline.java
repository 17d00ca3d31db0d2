package io.peerwatch.testkit.scenario;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Runs actors in time order and releases their records in event-time order, holding only what is still in
 * flight (records of activities that end later than the next actor's time). Memory stays proportional to the
 * number of actors and in-flight records, not to the scenario's length.
 */
final class Timeline implements Iterator<ScenarioRecord> {
    private static final Comparator<Actor> BY_TIME = Comparator.comparingLong(Actor::nextMicros).thenComparingInt(Actor::order);
    private static final Comparator<TrafficLog.Pending> BY_ORDER =
            Comparator.comparingLong(TrafficLog.Pending::orderMicros).thenComparingLong(TrafficLog.Pending::seq);

    private final PriorityQueue<Actor> actors = new PriorityQueue<>(BY_TIME);
    private final PriorityQueue<TrafficLog.Pending> pending = new PriorityQueue<>(BY_ORDER);
    private final TrafficLog log;
    private int maxPending;

    Timeline(ScenarioPlan plan) {
        this.log = new TrafficLog(plan.spec(), plan.hostsByName(), pending::add);
        plan.headers(log);
        List<Actor> all = plan.actors();
        for (int i = 0; i < all.size(); i++) {
            Actor a = all.get(i);
            a.order(i);
            if (a.nextMicros() != Actor.DONE) actors.add(a);
        }
    }

    @Override
    public boolean hasNext() {
        advance();
        return !pending.isEmpty();
    }

    @Override
    public ScenarioRecord next() {
        advance();
        TrafficLog.Pending p = pending.poll();
        if (p == null) throw new NoSuchElementException();
        return p.record();
    }

    /** Most records held at once so far: shows the timeline streams instead of buffering everything. */
    int maxPending() {
        return maxPending;
    }

    /** Runs actors until the earliest pending record is earlier than anything an actor could still log. */
    private void advance() {
        while (!actors.isEmpty() && (pending.isEmpty() || pending.peek().orderMicros() >= actors.peek().nextMicros())) {
            Actor a = actors.poll();
            long before = a.nextMicros();
            log.floor(before);
            a.step(log);
            maxPending = Math.max(maxPending, pending.size());
            if (a.nextMicros() != Actor.DONE) {
                if (a.nextMicros() <= before) throw new IllegalStateException(a.getClass().getSimpleName() + " did not move forward in time");
                actors.add(a);
            }
        }
    }
}
