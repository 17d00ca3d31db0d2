package io.peerwatch.testkit.scenario.behaviour;

import io.peerwatch.testkit.scenario.Hypervisor;
import io.peerwatch.testkit.scenario.ScenarioVm;
import io.peerwatch.testkit.scenario.TrafficLog;
import java.util.SplittableRandom;

/**
 * A file server syncing to object storage every 5 minutes, around the clock: a steady outbound baseline of
 * about {@code bytesPerHour} to one destination.
 */
public final class SyncUploadActor extends VmActor {
    public static final long PERIOD_MICROS = 300_000_000L;

    private final String destinationHost;
    private final String destinationIp;
    private final long bytesPerRun;

    public SyncUploadActor(ScenarioVm vm, Hypervisor host, SplittableRandom rng, long first, long until, String destinationHost,
                           String destinationIp, long bytesPerHour) {
        super(vm, host, rng, first, until);
        this.destinationHost = destinationHost;
        this.destinationIp = destinationIp;
        this.bytesPerRun = bytesPerHour * PERIOD_MICROS / 3_600_000_000L;
    }

    @Override
    protected void step(TrafficLog log) {
        long t = nextMicros();
        if (rng.nextInt(5) == 0) t = lookup(log, t, destinationHost, destinationIp) + 1_000;
        long bytes = bytesPerRun * (80 + rng.nextInt(41)) / 100;
        https(log, t, destinationHost, destinationIp, bytes, logUniform(2_000, 20_000), 2_000_000L + bytes / 25);
        next(nextMicros() + PERIOD_MICROS + between(-20_000_000, 20_000_000));
    }
}
