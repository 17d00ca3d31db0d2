package io.peerwatch.testkit.scenario;

import io.peerwatch.common.Formats;
import io.peerwatch.testkit.scenario.behaviour.BrowsingActor;
import io.peerwatch.testkit.scenario.behaviour.BulkUploadActor;
import io.peerwatch.testkit.scenario.behaviour.DbClientActor;
import io.peerwatch.testkit.scenario.behaviour.DhtActor;
import io.peerwatch.testkit.scenario.behaviour.LifecycleActor;
import io.peerwatch.testkit.scenario.behaviour.LocalPeerDiscoveryActor;
import io.peerwatch.testkit.scenario.behaviour.NtpActor;
import io.peerwatch.testkit.scenario.behaviour.PeerWireActor;
import io.peerwatch.testkit.scenario.behaviour.SyncUploadActor;
import io.peerwatch.testkit.scenario.behaviour.TorrentSession;
import io.peerwatch.testkit.scenario.behaviour.TrackerAnnounceActor;
import io.peerwatch.testkit.scenario.behaviour.TurnRelayActor;
import io.peerwatch.testkit.scenario.behaviour.UpdateActor;
import io.peerwatch.testkit.scenario.behaviour.WebServerActor;
import io.peerwatch.testkit.scenario.format.VpcFlowLogs;
import io.peerwatch.testkit.scenario.traffic.Internet;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The estate and the schedule of a scenario, decided up front from the spec: hypervisors, VMs (names, UUIDs,
 * MACs, addresses, roles, boot and stop times), the special events and the truth about them. Actors are made
 * fresh from it for each pass over the records, so the records can be streamed again and again.
 */
final class ScenarioPlan {
    static final String BACKUP_TARGET_HOST = "vault.offsite-backup.net";
    static final int BACKUP_PORT = 22;
    static final int BACKUP_CONNECTIONS = 4;
    static final long BACKUP_BYTES_PER_CONNECTION = 4_000_000_000L;
    static final long BACKUP_MICROS_PER_CONNECTION = 540_000_000L;
    static final String SYNC_HOST = "s3.eu-west-1.amazonaws.com";
    static final long SYNC_BYTES_PER_HOUR = 200_000_000L;
    static final String EXFIL_HOST = "upload.sendfile-drop.net";
    static final int EXFIL_CONNECTIONS = 4;
    /** 4 x 280 MB = 1.12 GB in about 15 minutes: 5.6x the hourly baseline. */
    static final long EXFIL_BYTES_PER_CONNECTION = 280_000_000L;
    static final long EXFIL_MICROS_PER_CONNECTION = 210_000_000L;
    static final String WEB_SITE = "shop.example-retail.com";
    static final int TRACKER_PORT = 6969;

    private static final long SECOND = 1_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    // stream ids: one random stream per (VM, behaviour)
    private static final int S_IDENTITY = 0, S_LIFECYCLE = 1, S_NTP = 2, S_UPDATE = 3, S_MAIN = 4, S_DB = 5, S_BULK = 6,
            S_TRACKER = 7, S_DHT = 8, S_PEERS = 9, S_LPD = 10, S_TORRENT = 11, S_TIMES = 12;

    private final ScenarioSpec spec;
    private final List<Hypervisor> hypervisors;
    private final Map<String, Hypervisor> hostsByName;
    private final List<ScenarioVm> vms;
    private final List<ScenarioVm> dbs;
    private final ScenarioTruth truth;
    private final long startMicros;
    private final long endMicros;
    private final int btIndex;
    private final int reuserIndex;
    private final List<Long> backupRunsMicros;
    private final long exfilStartMicros;
    private final int btPort;

    private ScenarioPlan(ScenarioSpec spec) {
        this.spec = spec;
        this.startMicros = spec.start().toEpochMilli() * 1000L;
        this.endMicros = spec.end().toEpochMilli() * 1000L;
        long duration = endMicros - startMicros;
        int n = spec.vms();
        int h = spec.hypervisors();

        List<Hypervisor> hosts = new ArrayList<>();
        for (int i = 0; i < h; i++) hosts.add(Hypervisor.of(i, h));
        this.hypervisors = List.copyOf(hosts);
        Map<String, Hypervisor> byName = new LinkedHashMap<>();
        hosts.forEach(x -> byName.put(x.name(), x));
        this.hostsByName = Map.copyOf(byName);

        // roles: the special VMs are drawn at random (seeded), the rest follow a fixed mix
        SplittableRandom pick = rng(-1, S_IDENTITY);
        int[] perm = shuffled(n, pick);
        Role[] roles = new Role[n];
        int k = 0;
        btIndex = perm[k++];
        roles[btIndex] = Role.DESKTOP;
        int backupIndex = perm[k++];
        roles[backupIndex] = Role.BACKUP;
        int exfilIndex = perm[k++];
        roles[exfilIndex] = Role.FILES;
        int reuser = -1;
        for (int i = k; i < n; i++) {
            if (perm[i] % h == btIndex % h || reuser < 0) {
                reuser = perm[i];
                if (perm[i] % h == btIndex % h) break;
            }
        }
        reuserIndex = reuser;
        roles[reuserIndex] = Role.APP;
        List<Integer> rest = new ArrayList<>();
        for (int i = k; i < n; i++) if (perm[i] != reuserIndex) rest.add(perm[i]);
        int wwwIndex = -1, turnIndex = -1;
        if (spec.lookalikes() && rest.size() >= 3) {
            wwwIndex = rest.remove(0);
            roles[wwwIndex] = Role.WWW;
            turnIndex = rest.remove(0);
            roles[turnIndex] = Role.TURN;
        }
        if (!rest.isEmpty()) roles[rest.remove(0)] = Role.DB;
        for (int p = 0; p < rest.size(); p++) {
            int m = p % 10;
            roles[rest.get(p)] = m < 4 ? Role.DESKTOP : m < 7 ? Role.APP : m < 9 ? Role.BUILD : Role.DB;
        }

        // identities, placement and addresses
        int width = Math.max(2, String.valueOf(n).length());
        Map<Role, Integer> perRole = new LinkedHashMap<>();
        int[] perHost = new int[h];
        Set<String> macs = new HashSet<>();
        ScenarioVm[] made = new ScenarioVm[n];
        for (int i = 0; i < n; i++) {
            SplittableRandom id = rng(i, S_IDENTITY);
            int hostIndex = i == reuserIndex ? btIndex % h : i % h;
            Hypervisor host = hosts.get(hostIndex);
            int count = perRole.merge(roles[i], 1, Integer::sum);
            String digits = Integer.toString(count);
            String name = roles[i].prefix() + "-" + "0".repeat(Math.max(0, width - digits.length())) + digits;
            byte[] u = new byte[16];
            for (int b = 0; b < 16; b++) u[b] = (byte) id.nextInt(256);
            u[6] = (byte) ((u[6] & 0x0f) | 0x40);
            u[8] = (byte) ((u[8] & 0x3f) | 0x80);
            String hex = hex(u);
            String uuid = hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-" + hex.substring(20);
            String mac;
            do {
                mac = "52:54:00:" + hex2(id.nextInt(256)) + ":" + hex2(id.nextInt(256)) + ":" + hex2(id.nextInt(256));
            } while (!macs.add(mac));
            String ip = i == reuserIndex ? null : host.vmAddress(perHost[hostIndex]++);
            made[i] = new ScenarioVm(i, name, uuid, mac, "i-" + hex.substring(4, 21), "eni-" + hex.substring(15, 32), host.name(),
                    roles[i], ip, 0, 0, Long.MAX_VALUE);
        }

        // schedule
        SplittableRandom times = rng(-1, S_TIMES);
        long bootSpread = Math.min(5 * MINUTE, duration / 20);
        long startMillis = startMicros / 1000L;
        for (int i = 0; i < n; i++) {
            long boot = startMillis + 5_000 + (bootSpread / 1000L) * i / n;
            made[i] = made[i].withTimes(startMillis, boot, Long.MAX_VALUE);
        }
        long btStart = startMicros + (long) (duration * 0.35) / SECOND * SECOND + times.nextInt(60) * SECOND;
        long session = Math.max(20 * MINUTE, Math.min(90 * MINUTE, (long) (duration * 0.15)));
        long btEnd = btStart + session;
        long release = btEnd + 10 * MINUTE;
        ScenarioVm bt = made[btIndex].withTimes(startMillis, made[btIndex].bootAtMillis(), release / 1000L);
        made[btIndex] = bt;
        long reuserDefined = release + 30 * MINUTE;
        made[reuserIndex] = made[reuserIndex].withIp(bt.ip()).withTimes(reuserDefined / 1000L, reuserDefined / 1000L + 20_000, Long.MAX_VALUE);
        this.vms = List.of(made);
        this.btPort = 10_000 + rng(btIndex, S_TORRENT).nextInt(50_000);

        List<ScenarioVm> dbList = new ArrayList<>();
        for (ScenarioVm vm : vms) if (vm.role() == Role.DB) dbList.add(vm);
        this.dbs = List.copyOf(dbList);

        this.exfilStartMicros = startMicros + (long) (duration * 0.8) / SECOND * SECOND + times.nextInt(60) * SECOND;

        List<Long> runs = new ArrayList<>();
        LocalTime windowStart = LocalTime.of(1, 0);
        for (long day = Math.floorDiv(startMicros, DAY) * DAY; day < endMicros; day += DAY) {
            long t = day + HOUR;
            if (t >= startMicros + 10 * MINUTE && t + HOUR <= endMicros) runs.add(t);
        }
        if (runs.isEmpty()) {
            long t = startMicros + (long) (duration * 0.55) / MINUTE * MINUTE;
            runs.add(t);
            windowStart = LocalTime.ofSecondOfDay(Math.floorMod(t, DAY) / SECOND / 3600 * 3600);
        }
        this.backupRunsMicros = List.copyOf(runs);

        ScenarioVm backupVm = vms.get(backupIndex);
        ScenarioVm exfilVm = vms.get(exfilIndex);
        List<ScenarioVm> lookalikes = new ArrayList<>();
        if (wwwIndex >= 0) lookalikes.add(vms.get(wwwIndex));
        if (turnIndex >= 0) lookalikes.add(vms.get(turnIndex));
        String tracker = Internet.HTTP_TRACKERS.get(rng(btIndex, S_TORRENT).nextInt(Internet.HTTP_TRACKERS.size()));
        long exfilBytes = BulkUploadActor.bytesPerRun(EXFIL_CONNECTIONS, EXFIL_BYTES_PER_CONNECTION);
        this.truth = new ScenarioTruth(
                new ScenarioTruth.BitTorrent(bt, btPort, btStart / 1000L, (btStart + DhtActor.FIRST_NODE_OFFSET_MICROS) / 1000L, btEnd / 1000L,
                        tracker, Internet.addressOf(tracker), TRACKER_PORT, TorrentSession.PEER_ID_PREFIX),
                new ScenarioTruth.AddressReuse(bt.ip(), bt, vms.get(reuserIndex), release / 1000L,
                        LifecycleActor.ackMicros(vms.get(reuserIndex)) / 1000L),
                new ScenarioTruth.Backup(backupVm, BACKUP_TARGET_HOST, Internet.addressOf(BACKUP_TARGET_HOST), BACKUP_PORT,
                        windowStart, windowStart.plusHours(2), runs.stream().map(t -> t / 1000L).toList(),
                        BulkUploadActor.bytesPerRun(BACKUP_CONNECTIONS, BACKUP_BYTES_PER_CONNECTION)),
                new ScenarioTruth.Exfiltration(exfilVm, SYNC_HOST, Internet.addressOf(SYNC_HOST), SYNC_BYTES_PER_HOUR,
                        exfilStartMicros / 1000L, (exfilStartMicros + EXFIL_CONNECTIONS * (EXFIL_MICROS_PER_CONNECTION + 5 * SECOND)) / 1000L,
                        EXFIL_HOST, Internet.addressOf(EXFIL_HOST), 443, exfilBytes),
                List.copyOf(lookalikes));
    }

    static ScenarioPlan of(ScenarioSpec spec) {
        return new ScenarioPlan(spec);
    }

    ScenarioSpec spec() { return spec; }
    List<Hypervisor> hypervisors() { return hypervisors; }
    Map<String, Hypervisor> hostsByName() { return hostsByName; }
    List<ScenarioVm> vms() { return vms; }
    ScenarioTruth truth() { return truth; }

    void headers(TrafficLog log) {
        if (spec.has(Formats.AWS_VPC_FLOW)) log.header(Formats.AWS_VPC_FLOW, "flows.log", VpcFlowLogs.HEADER);
    }

    /** Fresh actors (fresh random streams) for one pass over the scenario. */
    List<Actor> actors() {
        List<Actor> out = new ArrayList<>();
        double scale = spec.activityScale();
        for (ScenarioVm vm : vms) {
            Hypervisor host = hostsByName.get(vm.hypervisor());
            out.add(new LifecycleActor(vm, host, vm.index() == reuserIndex, endMicros, rng(vm.index(), S_LIFECYCLE)));
            long ack = LifecycleActor.ackMicros(vm);
            SplittableRandom t = rng(vm.index(), S_TIMES);
            long from = ack + 10 * SECOND + t.nextLong(50 * SECOND);
            long until = vm.runsToEnd() ? endMicros : Math.min(endMicros, vm.stopAtMillis() * 1000L - 30 * SECOND);
            out.add(new NtpActor(vm, host, rng(vm.index(), S_NTP), ack + SECOND, until));
            out.add(new UpdateActor(vm, host, rng(vm.index(), S_UPDATE), from + 10 * MINUTE + t.nextLong(12 * HOUR), until));
            SplittableRandom main = rng(vm.index(), S_MAIN);
            switch (vm.role()) {
                case DESKTOP -> out.add(new BrowsingActor(vm, host, main, from, until, Internet.BROWSING, 30 * scale, true, 3_000_000));
                case APP -> {
                    out.add(new BrowsingActor(vm, host, main, from, until, Internet.SAAS_APIS, 12 * scale, false, 300_000));
                    if (!dbs.isEmpty()) {
                        out.add(new DbClientActor(vm, host, dbs.get(vm.index() % dbs.size()), rng(vm.index(), S_DB), from + 2 * SECOND, until, 20 * scale));
                    }
                }
                case BUILD -> out.add(new BrowsingActor(vm, host, main, from, until, Internet.BUILD_DOWNLOADS, 10 * scale, true, 300_000_000));
                case BACKUP -> out.add(new BulkUploadActor(vm, host, rng(vm.index(), S_BULK), until, backupRunsMicros, BACKUP_TARGET_HOST,
                        Internet.addressOf(BACKUP_TARGET_HOST), BACKUP_PORT, BACKUP_CONNECTIONS, BACKUP_BYTES_PER_CONNECTION, BACKUP_MICROS_PER_CONNECTION));
                case FILES -> {
                    out.add(new SyncUploadActor(vm, host, main, from, until, SYNC_HOST, Internet.addressOf(SYNC_HOST), SYNC_BYTES_PER_HOUR));
                    out.add(new BulkUploadActor(vm, host, rng(vm.index(), S_BULK), until, List.of(exfilStartMicros), EXFIL_HOST,
                            Internet.addressOf(EXFIL_HOST), 443, EXFIL_CONNECTIONS, EXFIL_BYTES_PER_CONNECTION, EXFIL_MICROS_PER_CONNECTION));
                }
                case WWW -> out.add(new WebServerActor(vm, host, main, from, until, WEB_SITE, 600 * scale));
                case TURN -> out.add(new TurnRelayActor(vm, host, main, from, until, 120 * scale));
                case DB -> { }
                default -> throw new IllegalStateException("no behaviour for role " + vm.role());
            }
            if (vm.index() == btIndex) {
                ScenarioTruth.BitTorrent b = truth.bittorrent();
                TorrentSession s = new TorrentSession(vm, host, btPort, b.sessionStartMillis() * 1000L, b.sessionEndMillis() * 1000L,
                        b.trackerHost(), b.trackerIp(), b.trackerPort(), rng(vm.index(), S_TORRENT));
                out.add(new TrackerAnnounceActor(s, rng(vm.index(), S_TRACKER)));
                out.add(new DhtActor(s, rng(vm.index(), S_DHT)));
                out.add(new PeerWireActor(s, rng(vm.index(), S_PEERS)));
                out.add(new LocalPeerDiscoveryActor(s, rng(vm.index(), S_LPD)));
            }
        }
        return out;
    }

    /** An independent random stream per (VM, behaviour), derived from the seed alone. */
    private SplittableRandom rng(int vmIndex, int stream) {
        long z = spec.seed() * 0x9E3779B97F4A7C15L + (vmIndex + 2L) * 0xBF58476D1CE4E5B9L + (stream + 1L) * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    private static int[] shuffled(int n, SplittableRandom rng) {
        int[] a = new int[n];
        Arrays.setAll(a, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
        return a;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) sb.append(hex2(x & 0xff));
        return sb.toString();
    }

    private static String hex2(int v) {
        return "" + Character.forDigit(v >> 4, 16) + Character.forDigit(v & 0xf, 16);
    }
}
