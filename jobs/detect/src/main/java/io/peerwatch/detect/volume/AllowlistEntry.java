package io.peerwatch.detect.volume;

import io.peerwatch.schema.VmRef;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One expected transfer: which VMs (globs on name, uuid, instance id or vmKey; empty = all), to which destinations
 * (CIDRs; empty = any), on which remote ports (empty = any), when (schedule; null = always), and whether a match is
 * suppressed (kept, not alerted) or only annotated with the reason.
 */
public record AllowlistEntry(String name, String reason, List<String> vmGlobs, List<Cidr> destinations, Set<Integer> ports,
                             Schedule schedule, boolean suppress) implements Serializable {

    public AllowlistEntry {
        vmGlobs = List.copyOf(vmGlobs);
        destinations = List.copyOf(destinations);
        ports = Set.copyOf(ports);
    }

    public boolean appliesToVm(String vmKey, VmRef vm) {
        if (vmGlobs.isEmpty()) return true;
        for (String g : vmGlobs) {
            Pattern p = glob(g);
            if (p.matcher(vmKey).matches()) return true;
            if (vm != null && ((vm.getName() != null && p.matcher(vm.getName()).matches())
                    || (vm.getUuid() != null && p.matcher(vm.getUuid()).matches())
                    || (vm.getInstanceId() != null && p.matcher(vm.getInstanceId()).matches()))) return true;
        }
        return false;
    }

    public boolean appliesAt(long bucketStart, long bucketEnd) {
        return schedule == null || schedule.overlaps(bucketStart, bucketEnd);
    }

    public boolean coversDestination(String ip, int port) {
        if (!ports.isEmpty() && !ports.contains(port)) return false;
        if (destinations.isEmpty()) return true;
        for (Cidr c : destinations) if (c.contains(ip)) return true;
        return false;
    }

    static Pattern glob(String g) {
        StringBuilder b = new StringBuilder();
        for (char c : g.toCharArray()) {
            if (c == '*') b.append(".*");
            else if (c == '?') b.append('.');
            else b.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(b.toString(), Pattern.CASE_INSENSITIVE);
    }
}
