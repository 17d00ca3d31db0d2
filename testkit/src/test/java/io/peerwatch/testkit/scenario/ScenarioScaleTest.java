package io.peerwatch.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioScaleTest {
    @Test
    void largeEstatesStreamWithOnlyInFlightRecordsHeld() {
        Scenario s = ScenarioGenerator.generate(ScenarioSpec.defaults().withVms(2000).withHypervisors(20).withDuration(Duration.ofHours(2))
                .withFormats(Formats.ZEEK_CONN, Formats.DNSMASQ_DHCP, Formats.LIBVIRT_EVENT));
        Timeline timeline = (Timeline) s.records();
        long n = 0;
        long last = Long.MIN_VALUE;
        while (timeline.hasNext()) {
            ScenarioRecord r = timeline.next();
            assertThat(r.eventTimeMillis()).isGreaterThanOrEqualTo(last);
            last = r.eventTimeMillis();
            n++;
        }
        assertThat(n).isGreaterThan(100_000);
        assertThat((long) timeline.maxPending()).isLessThan(n / 20);
        assertThat(s.vms()).hasSize(2000);
        assertThat(s.vms().stream().map(ScenarioVm::ip).distinct()).hasSize(1999);
    }
}
