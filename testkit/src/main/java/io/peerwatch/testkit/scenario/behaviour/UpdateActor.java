package io.peerwatch.testkit.scenario.behaviour;

import io.peerwatch.testkit.scenario.Hypervisor;
import io.peerwatch.testkit.scenario.ScenarioVm;
import io.peerwatch.testkit.scenario.TrafficLog;
import io.peerwatch.testkit.scenario.traffic.Conn;
import io.peerwatch.testkit.scenario.traffic.HttpTxn;
import io.peerwatch.testkit.scenario.traffic.Internet;
import java.util.SplittableRandom;

/**
 * apt's daily timers (about twice a day): index files from the Ubuntu mirrors over plain HTTP, sometimes
 * package downloads on the same connection.
 */
public final class UpdateActor extends VmActor {
    private static final String UA = "Debian APT-HTTP/1.3 (2.4.13)";
    private static final String[] PACKAGES = {
            "/ubuntu/pool/main/o/openssl/libssl3_3.0.2-0ubuntu1.18_amd64.deb",
            "/ubuntu/pool/main/s/systemd/libsystemd0_249.11-0ubuntu3.12_amd64.deb",
            "/ubuntu/pool/main/c/curl/libcurl4_7.81.0-1ubuntu1.18_amd64.deb",
            "/ubuntu/pool/main/l/linux-signed/linux-image-5.15.0-125-generic_5.15.0-125.135_amd64.deb",
            "/ubuntu/pool/main/t/tzdata/tzdata_2024a-0ubuntu0.22.04.1_all.deb",
            "/ubuntu/pool/main/p/python3.10/python3.10_3.10.12-1~22.04.6_amd64.deb"};

    public UpdateActor(ScenarioVm vm, Hypervisor host, SplittableRandom rng, long first, long until) {
        super(vm, host, rng, first, until);
    }

    @Override
    protected void step(TrafficLog log) {
        long t = nextMicros();
        for (String mirror : Internet.MIRRORS) {
            t = lookup(log, t, mirror) + 2_000;
            boolean security = mirror.startsWith("security");
            String[] suites = security ? new String[] {"jammy-security"} : new String[] {"jammy", "jammy-updates", "jammy-backports"};
            int downloads = !security && rng.nextInt(3) == 0 ? 1 + rng.nextInt(PACKAGES.length) : 0;
            long[] sizes = new long[suites.length + downloads];
            long total = 0;
            for (int i = 0; i < sizes.length; i++) {
                boolean index = i < suites.length;
                boolean changed = index && rng.nextInt(4) == 0;
                sizes[i] = index ? (changed ? logUniform(100_000, 4_000_000) : 0) : logUniform(40_000, 60_000_000);
                total += sizes[i];
            }
            long duration = clipDuration(t, 300_000L + total / 40);
            Conn c = Conn.tcp(TrafficLog.uid(rng), t, duration, vm.ip(), ephemeralPort(), Internet.addressOf(mirror), 80,
                    sizes.length * 180L, total + sizes.length * 350L);
            c.service = "http";
            c.origVm = vm;
            for (int i = 0; i < sizes.length; i++) {
                boolean index = i < suites.length;
                String uri = index ? "/ubuntu/dists/" + suites[i] + "/InRelease" : PACKAGES[(i - suites.length) % PACKAGES.length];
                boolean notModified = index && sizes[i] == 0;
                log.http(new HttpTxn(t + (duration * i) / sizes.length + 1, c, i + 1, "GET", mirror, uri, UA, 0, sizes[i],
                        notModified ? 304 : 200, notModified ? "Not Modified" : "OK",
                        notModified ? null : index ? "text/plain" : "application/vnd.debian.binary-package"));
            }
            log.conn(c);
            t += duration + 5_000;
        }
        next(nextMicros() + 11L * 3_600_000_000L + between(0, 7_200_000_000L));
    }
}
