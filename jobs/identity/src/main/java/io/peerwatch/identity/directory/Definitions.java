package io.peerwatch.identity.directory;

import io.peerwatch.identity.route.Keys;
import io.peerwatch.schema.Nic;
import io.peerwatch.schema.VmDefinition;
import io.peerwatch.schema.VmRef;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * As-of rules for VM definitions under one alias. A definition describes a VM rather than an instant, and many
 * carry no time of their own (a dumped domain XML), so: the latest definition at or before t; when there is
 * none, the earliest known one. A MAC reused by a later VM is still told apart, because the earlier VM's
 * definition is the latest before the earlier events.
 */
public final class Definitions {
    private static final Comparator<DefinitionEntry> ORDER =
            Comparator.comparingLong((DefinitionEntry d) -> d.time).thenComparing(d -> d.order);

    private Definitions() {}

    /** Adds the entry unless an entry with the same time and order is there; keeps the list sorted. */
    public static boolean insert(List<DefinitionEntry> list, DefinitionEntry e) {
        for (DefinitionEntry d : list) {
            if (d.time == e.time && d.order.equals(e.order)) return false;
        }
        list.add(e);
        list.sort(ORDER);
        return true;
    }

    public static DefinitionEntry asOf(List<DefinitionEntry> list, long t) {
        DefinitionEntry best = null;
        for (DefinitionEntry d : list) {
            if (d.time <= t) best = d;
            else break;
        }
        if (best == null && !list.isEmpty()) best = list.get(0);
        return best;
    }

    /** Drops definitions superseded by one that is itself older than {@code before}. */
    public static void prune(List<DefinitionEntry> list, long before) {
        int keepFrom = 0;
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i).time <= before) keepFrom = i;
        }
        if (keepFrom > 0) list.subList(0, keepFrom).clear();
    }

    /**
     * The VM as the definition describes it, seen through the alias an event reached it by: that NIC's MAC and
     * network (the event's scope when known, else the NIC's network, else the first NIC's).
     */
    public static VmRef vmRef(VmDefinition d, String alias, String scope, String bindingMac) {
        String mac = alias != null && alias.startsWith(Keys.MAC) ? alias.substring(Keys.MAC.length()) : bindingMac;
        String network = null;
        for (Nic nic : d.getNics() == null ? List.<Nic>of() : d.getNics()) {
            if (mac == null) mac = nic.getMac();
            if (mac != null && mac.equalsIgnoreCase(nic.getMac())) {
                network = nic.getNetwork() != null ? nic.getNetwork() : nic.getBridge();
                break;
            }
        }
        if (scope != null) network = scope;
        Map<String, String> tags = d.getTags() == null ? new HashMap<>() : new HashMap<>(d.getTags());
        return VmRef.newBuilder()
                .setUuid(d.getUuid())
                .setName(d.getName())
                .setInstanceId(d.getInstanceId())
                .setPlatform(d.getPlatform() == null ? "unknown" : d.getPlatform())
                .setHypervisorHost(d.getHypervisorHost())
                .setNetwork(network)
                .setMac(mac)
                .setOwner(d.getOwner())
                .setTenant(d.getTenant())
                .setTags(tags)
                .build();
    }
}
