package io.peerwatch.detect.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.detect.config.ConfigFileException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AllowlistTest {
    @Test
    void entriesMatchVmsDestinationsPortsAndSchedules() {
        Allowlist a = Allowlist.parse("a.yaml", VolumeBaselineFunctionTest.ALLOWLIST);
        AllowlistEntry e = a.entries().get(0);
        assertThat(e.appliesToVm("uuid-1", io.peerwatch.detect.TestEvents.vm("backup-7"))).isTrue();
        assertThat(e.appliesToVm("uuid-1", io.peerwatch.detect.TestEvents.vm("app-7"))).isFalse();
        assertThat(e.coversDestination("198.51.100.15", 22)).isTrue();
        assertThat(e.coversDestination("198.51.100.16", 22)).isFalse();
        assertThat(e.coversDestination("198.51.100.15", 443)).isFalse();
        long twoAm = Instant.parse("2026-11-09T02:00:00Z").toEpochMilli();
        assertThat(e.appliesAt(twoAm, twoAm + 3_600_000)).isTrue();
        assertThat(e.appliesAt(twoAm + 4 * 3_600_000, twoAm + 5 * 3_600_000)).isFalse();
    }

    @Test
    void schedulesMayWrapMidnight() {
        Schedule s = new Schedule(java.util.Set.of(java.time.DayOfWeek.MONDAY), java.time.LocalTime.of(22, 0), java.time.LocalTime.of(4, 0));
        assertThat(s.covers(Instant.parse("2026-11-09T23:00:00Z").toEpochMilli())).isTrue();  // Monday night
        assertThat(s.covers(Instant.parse("2026-11-10T03:00:00Z").toEpochMilli())).isTrue();  // early Tuesday
        assertThat(s.covers(Instant.parse("2026-11-10T23:00:00Z").toEpochMilli())).isFalse(); // Tuesday night
    }

    @Test
    void brokenAllowlistsNameFileAndLine() {
        assertThatThrownBy(() -> Allowlist.parse("allow.yaml", "entries:\n  - name: x\n    reason: y\n    destinations: [10.0.0.0/33]\n"))
                .isInstanceOf(ConfigFileException.class).hasMessageStartingWith("allow.yaml:4:").hasMessageContaining("prefix length");
        assertThatThrownBy(() -> Allowlist.parse("allow.yaml", "entries:\n  - name: x\n    reason: everything\n"))
                .hasMessageContaining("would allow everything");
        assertThatThrownBy(() -> Allowlist.parse("allow.yaml", "entries:\n  - name: x\n    reason: y\n    vms: [a]\n    schedule: {from: '25:00', to: '01:00'}\n"))
                .hasMessageStartingWith("allow.yaml:5:");
    }

    @Test
    void thePackagedDefaultIsEmpty() {
        assertThat(Allowlist.loadPackaged().entries()).isEmpty();
    }

    @Test
    void cidrsMatchTheirNetworkOnly() {
        assertThat(Cidr.parse("10.0.0.0/8").contains("10.200.1.1")).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains("11.0.0.1")).isFalse();
        assertThat(Cidr.parse("2001:db8::/32").contains("2001:db8:1::5")).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains("10.0.0.1")).isFalse();
        assertThat(Cidr.parse("192.0.2.7").contains("192.0.2.7")).isTrue();
        assertThatThrownBy(() -> Cidr.parse("example.com")).hasMessageContaining("not an IP address");
    }
}
