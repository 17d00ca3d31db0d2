package io.peerwatch.identity;

import io.peerwatch.identity.testing.Ev;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.LifecycleState;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.VmIdentity;
import io.peerwatch.schema.VmSide;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A deterministic scenario of address reuse: a few addresses handed in turn to many VMs, slot after slot, with
 * flows to the outside and between VMs. Each flow's {@code uid} holds the VM keys expected on its src and dst
 * sides ("expect:src|dst"), so a test can check every attribution.
 */
final class ReuseScenario {
    private static final long SLOT = 20 * 60_000L;

    private ReuseScenario() {}

    static String uuid(int vm) {
        return String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", vm);
    }

    static String mac(int vm) {
        return String.format(Locale.ROOT, "52:54:00:00:%02x:%02x", vm / 256, vm % 256);
    }

    static List<NormalizedEvent> events(int vms, int addresses, int slots, long seed) {
        Random rnd = new Random(seed);
        List<NormalizedEvent> out = new ArrayList<>();
        for (int v = 0; v < vms; v++) {
            out.add(Ev.domain(Ev.T0 - 3_600_000L, uuid(v), "vm-" + v, mac(v)));
            out.add(Ev.lifecycle(Ev.T0 - 60_000L, uuid(v), "vm-" + v, LifecycleState.STARTED, "kvm-host-0" + (v % 3)));
        }
        List<Integer> pool = new ArrayList<>();
        for (int v = 0; v < vms; v++) pool.add(v);
        for (int s = 0; s < slots; s++) {
            long start = Ev.T0 + s * SLOT;
            Collections.shuffle(pool, rnd);
            int[] holder = new int[addresses];
            for (int a = 0; a < addresses; a++) {
                holder[a] = pool.get(a);
                out.add(Ev.bind(start + 5_000, ip(a), mac(holder[a])));
                out.add(Ev.release(start + SLOT - 5_000, ip(a), mac(holder[a])));
            }
            if (s == 2) {
                // a migration in the middle of a slot
                out.add(Ev.lifecycle(start + SLOT / 2, uuid(holder[0]), null, LifecycleState.MIGRATED, "kvm-host-09"));
            }
            for (int a = 0; a < addresses; a++) {
                for (int f = 0; f < 5; f++) {
                    long fs = start + 10_000 + (long) (rnd.nextDouble() * (SLOT - 80_000));
                    long fe = fs + rnd.nextInt(50_000);
                    boolean toVm = rnd.nextInt(5) == 0 && addresses > 1;
                    int peer = (a + 1 + rnd.nextInt(addresses - 1)) % addresses;
                    String dst = toVm ? ip(peer) : "198.51.100." + (1 + rnd.nextInt(200));
                    NormalizedEvent e = Ev.flow(fs, fe, ip(a), 40000 + f, dst, 443, rnd.nextInt(5000), rnd.nextInt(50000));
                    ((NetworkFlow) e.getBody()).setUid("expect:" + uuid(holder[a]) + "|" + (toVm ? uuid(holder[peer]) : ""));
                    out.add(e);
                }
            }
        }
        return out;
    }

    static String ip(int a) {
        return "10.20.0." + (10 + a);
    }

    /** Sides whose VM differs from the expected one (or that are missing): empty when all is right. */
    static List<String> misattributed(List<NormalizedEvent> events, List<AttributedEvent> attributed) {
        List<String> wrong = new ArrayList<>();
        for (NormalizedEvent e : events) {
            if (!(e.getBody() instanceof NetworkFlow f)) continue;
            String[] expect = f.getUid().substring("expect:".length()).split("\\|", -1);
            for (int side = 0; side < 2; side++) {
                String want = expect[side];
                boolean src = side == 0;
                List<String> got = new ArrayList<>();
                for (AttributedEvent a : attributed) {
                    if (a.getEvent().getEventId().equals(e.getEventId())
                            && (a.getSide().getDirection().name().equals("OUTBOUND") == src)) {
                        got.add(a.getSide().getVmKey());
                    }
                }
                List<String> expected = want.isEmpty() ? List.of() : List.of(want);
                if (!got.equals(expected)) wrong.add(e.getEventId() + (src ? " src " : " dst ") + got + " != " + expected);
            }
        }
        return wrong;
    }

    static List<String> canonical(List<AttributedEvent> attributed) {
        List<String> out = new ArrayList<>();
        for (AttributedEvent a : attributed) {
            VmSide s = a.getSide();
            out.add(a.getEvent().getEventId() + " " + s.toString());
        }
        Collections.sort(out);
        return out;
    }

    static List<String> canonicalIdentities(List<VmIdentity> ids) {
        List<String> out = new ArrayList<>();
        for (VmIdentity i : ids) out.add(i.toString());
        Collections.sort(out);
        return out;
    }
}
