package io.peerwatch.testkit.scenario;

import java.util.SplittableRandom;

/**
 * One behaviour of one VM (or host) that acts at points in time: browse, renew a lease, announce to a tracker.
 * The timeline always runs the actor with the earliest next time; an actor may log records at or after its
 * current time, never before. Each actor has its own random stream, so what it does does not depend on how
 * other actors interleave with it (same seed, same output).
 */
public abstract class Actor {
    /** Set as next time when the actor has nothing more to do. */
    public static final long DONE = Long.MAX_VALUE;

    protected final SplittableRandom rng;
    /** No activity starts at or after this time, and activities end before it. */
    protected final long untilMicros;
    private long nextMicros;
    private int order;

    protected Actor(SplittableRandom rng, long firstMicros, long untilMicros) {
        this.rng = rng;
        this.untilMicros = untilMicros;
        this.nextMicros = firstMicros < untilMicros ? firstMicros : DONE;
    }

    public final long nextMicros() {
        return nextMicros;
    }

    /** Schedules the next activity; at or after {@link #untilMicros} the actor is done. */
    protected final void next(long micros) {
        if (micros < nextMicros) throw new IllegalStateException("actors move forward in time");
        this.nextMicros = micros < untilMicros ? micros : DONE;
    }

    protected final void done() {
        this.nextMicros = DONE;
    }

    /** Performs the activity due at {@link #nextMicros()} and schedules the next one. */
    protected abstract void step(TrafficLog log);

    final int order() {
        return order;
    }

    final void order(int o) {
        this.order = o;
    }

    /** Latest end for an activity starting at {@code t} that wants {@code wanted} micros. */
    protected final long clipDuration(long t, long wanted) {
        return Math.max(1000, Math.min(wanted, untilMicros - t - 1_000_000L));
    }

    /** Exponential inter-arrival time in micros for {@code perHour} events per hour. */
    protected final long exponentialGap(double perHour) {
        double meanMicros = 3_600_000_000.0 / Math.max(perHour, 1e-6);
        return Math.max(1000L, (long) (-Math.log(1.0 - rng.nextDouble()) * meanMicros));
    }

    /** Log-uniform value in [lo, hi]: sizes of transfers spread over orders of magnitude. */
    protected final long logUniform(long lo, long hi) {
        return (long) Math.exp(Math.log(lo) + rng.nextDouble() * (Math.log(hi) - Math.log(lo)));
    }

    protected final long between(long lo, long hiExclusive) {
        return lo + rng.nextLong(hiExclusive - lo);
    }

    /** A Linux ephemeral source port. */
    protected final int ephemeralPort() {
        return 32768 + rng.nextInt(28232);
    }
}
