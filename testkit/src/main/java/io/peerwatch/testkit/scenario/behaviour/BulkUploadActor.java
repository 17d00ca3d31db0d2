package io.peerwatch.testkit.scenario.behaviour;

import io.peerwatch.testkit.scenario.Hypervisor;
import io.peerwatch.testkit.scenario.ScenarioVm;
import io.peerwatch.testkit.scenario.TrafficLog;
import io.peerwatch.testkit.scenario.traffic.Conn;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Large uploads in a few back-to-back connections, each run starting at a planned time: the nightly backup
 * (rsync over SSH to the same target every night) and the exfiltration burst (HTTPS to a new destination).
 */
public final class BulkUploadActor extends VmActor {
    private final List<Long> runStartsMicros;
    private final String destinationHost;
    private final String destinationIp;
    private final int port;
    private final int connections;
    private final long bytesPerConnection;
    private final long microsPerConnection;
    private int run;

    public BulkUploadActor(ScenarioVm vm, Hypervisor host, SplittableRandom rng, long until, List<Long> runStartsMicros,
                           String destinationHost, String destinationIp, int port, int connections, long bytesPerConnection,
                           long microsPerConnection) {
        super(vm, host, rng, runStartsMicros.isEmpty() ? DONE : runStartsMicros.get(0), until);
        this.runStartsMicros = runStartsMicros;
        this.destinationHost = destinationHost;
        this.destinationIp = destinationIp;
        this.port = port;
        this.connections = connections;
        this.bytesPerConnection = bytesPerConnection;
        this.microsPerConnection = microsPerConnection;
    }

    /** Total bytes one run uploads (exact: the jitter below keeps the sum). */
    public static long bytesPerRun(int connections, long bytesPerConnection) {
        return connections * bytesPerConnection;
    }

    @Override
    protected void step(TrafficLog log) {
        long t = lookup(log, nextMicros(), destinationHost, destinationIp) + 2_000;
        for (int i = 0; i < connections; i++) {
            // alternate +/- jitter in pairs so each run uploads exactly connections * bytesPerConnection
            long jitter = bytesPerConnection / 20 * (i % 2 == 0 ? 1 : -1) * (i == connections - 1 && connections % 2 == 1 ? 0 : 1);
            long bytes = bytesPerConnection + jitter;
            long duration = clipDuration(t, microsPerConnection + between(0, microsPerConnection / 10));
            if (port == 443) {
                https(log, t, destinationHost, destinationIp, bytes, logUniform(5_000, 60_000), duration);
            } else {
                Conn c = Conn.tcp(TrafficLog.uid(rng), t, duration, vm.ip(), ephemeralPort(), destinationIp, port, bytes, bytes / 200);
                c.service = port == 22 ? "ssh" : null;
                c.origVm = vm;
                log.conn(c);
            }
            t += duration + between(1_000_000, 4_000_000);
        }
        run++;
        if (run < runStartsMicros.size()) next(Math.max(t, runStartsMicros.get(run)));
        else done();
    }
}
