package io.peerwatch.identity.timeline;

import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.EvidenceRef;

/**
 * One holder's tenure of an address (a Flink POJO kept in state). Open while {@link #end} is
 * {@link Long#MAX_VALUE}; until then it lasts as long as its lease ({@link #leaseEnd}), which renewals extend.
 */
public class BindingInterval {
    public static final long OPEN = Long.MAX_VALUE;

    /** Alias of the holder: mac:.., instance:.., uuid:.. */
    public String holder;
    public String mac;
    public String hostname;
    public String vmUuid;
    public String vmName;
    public String instanceId;
    public long validFrom;
    /** Explicit end (release, expiry, another holder took the address); OPEN until then. */
    public long end = OPEN;
    /** End of the current lease; OPEN for static addresses. */
    public long leaseEnd = OPEN;
    /** True when validFrom was inferred backwards from a renewal, snapshot or release seen first. */
    public boolean inferredStart;
    /** True once a lapsed lease was reported as ended to the identity topic. */
    public boolean lapseReported;
    /** FORMAT of the record that opened the tenure (dnsmasq-dhcp, libvirt-leases, inventory...). */
    public String source;
    public EvidenceRef evidence;

    public BindingInterval() {}

    /** When the tenure ended or will end if nothing renews it. */
    public long effectiveEnd() {
        return Math.min(end, leaseEnd);
    }

    public boolean covers(long t) {
        return validFrom <= t && t < effectiveEnd();
    }

    public BindingRef toRef(String scope, String address) {
        return BindingRef.newBuilder()
                .setScope(scope)
                .setAddress(address)
                .setMac(mac)
                .setSource(source == null ? "unknown" : source)
                .setValidFrom(validFrom)
                .setValidTo(end == OPEN ? null : end)
                .setEvidence(evidence)
                .build();
    }

    /** The same binding as an ended one (for identity updates when a lease lapses without a release). */
    public BindingRef toEndedRef(String scope, String address, long endedAt) {
        BindingRef r = toRef(scope, address);
        r.setValidTo(endedAt);
        return r;
    }
}
