package io.peerwatch.testkit.scenario.format;

import io.peerwatch.testkit.scenario.Hypervisor;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Lines that hypervisor hosts write: dnsmasq's DHCP log in syslog with RFC 3339 high-precision timestamps
 * (rsyslog's RSYSLOG_FileFormat) and {@code virsh event --all --loop --timestamp} output.
 */
public final class HostLogs {
    private HostLogs() {}

    /** {@code 2026-11-09T00:01:02.123456+00:00 kvm-host-01 dnsmasq-dhcp[1187]: DHCPACK(virbr0) 10.16.0.10 52:54:00:.. name}. */
    public static String dnsmasq(long micros, Hypervisor host, String message) {
        StringBuilder sb = new StringBuilder(128);
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0, ZoneOffset.UTC);
        date(sb, t).append('T');
        time(sb, t).append('.');
        pad(sb, Math.floorMod(micros, 1_000_000L), 6);
        sb.append("+00:00 ").append(host.name()).append(" dnsmasq-dhcp[").append(host.dnsmasqPid()).append("]: ").append(message);
        return sb.toString();
    }

    /** {@code 2026-11-09 00:00:01.000+0000: event 'lifecycle' for domain 'desk-01': Started Booted}. */
    public static String virshLifecycle(long millis, String domain, String eventAndDetail) {
        StringBuilder sb = new StringBuilder(96);
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
        date(sb, t).append(' ');
        time(sb, t).append('.');
        pad(sb, Math.floorMod(millis, 1000L), 3);
        sb.append("+0000: event 'lifecycle' for domain '").append(domain).append("': ").append(eventAndDetail);
        return sb.toString();
    }

    private static StringBuilder date(StringBuilder sb, LocalDateTime t) {
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        return pad(sb, t.getDayOfMonth(), 2);
    }

    private static StringBuilder time(StringBuilder sb, LocalDateTime t) {
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        return pad(sb, t.getSecond(), 2);
    }

    private static StringBuilder pad(StringBuilder sb, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) sb.append('0');
        return sb.append(s);
    }
}
