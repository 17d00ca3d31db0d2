package io.peerwatch.cli.backfill;

import io.peerwatch.common.Formats;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The event-time window of a backfill: [from, to) for activity; identity facts from {@code lookback} earlier
 * (a lease that started last week still holds at {@code from}); VM definitions and inventory from any time
 * before {@code to}, since they describe VMs rather than moments.
 */
public record TimeRange(long fromMillis, long toMillis, long lookbackMillis) implements Serializable {

    /** Formats whose records say who held an address when: read from {@code from - lookback}. */
    public static final Set<String> IDENTITY_FORMATS = Set.of(
            Formats.DNSMASQ_DHCP, Formats.LIBVIRT_LEASES, Formats.LIBVIRT_EVENT, Formats.OPENSTACK_NOVA, Formats.VCENTER_EVENT);

    /** Formats that define VMs (no moment of activity): read from the start of the topic. */
    public static final Set<String> DEFINITION_FORMATS = Set.of(Formats.LIBVIRT_DOMXML, Formats.INVENTORY);

    public TimeRange {
        if (toMillis <= fromMillis) throw new IllegalArgumentException("--to must be after --from");
        if (lookbackMillis < 0) throw new IllegalArgumentException("--identity-lookback must not be negative");
    }

    public static TimeRange of(Instant from, Instant to, Duration lookback) {
        return new TimeRange(from.toEpochMilli(), to.toEpochMilli(), lookback.toMillis());
    }

    /** Earliest event time read for a FORMAT. */
    public long startFor(String format) {
        if (DEFINITION_FORMATS.contains(format)) return Long.MIN_VALUE;
        if (IDENTITY_FORMATS.contains(format)) return fromMillis - lookbackMillis;
        return fromMillis;
    }

    /** True when an event of this FORMAT at this time belongs to the backfill. */
    public boolean contains(String format, long eventTime) {
        return eventTime >= startFor(format) && eventTime < toMillis;
    }

    public Instant from() {
        return Instant.ofEpochMilli(fromMillis);
    }

    public Instant to() {
        return Instant.ofEpochMilli(toMillis);
    }
}
