package io.peerwatch.testkit.scenario.behaviour;

import io.peerwatch.testkit.scenario.Hypervisor;
import io.peerwatch.testkit.scenario.ScenarioVm;
import io.peerwatch.testkit.scenario.TrafficLog;
import io.peerwatch.testkit.scenario.traffic.Conn;
import java.util.SplittableRandom;

/** An application server's PostgreSQL connections to its database VM: VM-to-VM traffic, both sides in the estate. */
public final class DbClientActor extends VmActor {
    private final ScenarioVm db;
    private final double perHour;

    public DbClientActor(ScenarioVm vm, Hypervisor host, ScenarioVm db, SplittableRandom rng, long first, long until, double perHour) {
        super(vm, host, rng, first, until);
        this.db = db;
        this.perHour = perHour;
    }

    @Override
    protected void step(TrafficLog log) {
        long t = nextMicros();
        if (db.holdsAddressAt(t / 1000L)) {
            Conn c = Conn.tcp(TrafficLog.uid(rng), t, clipDuration(t, logUniform(5_000, 30_000_000)), vm.ip(), ephemeralPort(), db.ip(), 5432,
                    logUniform(600, 30_000), logUniform(900, 600_000));
            c.origVm = vm;
            c.respVm = db;
            log.conn(c);
        }
        next(t + exponentialGap(perHour));
    }
}
