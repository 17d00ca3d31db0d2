package io.peerwatch.identity;

import static io.peerwatch.identity.testing.Ev.at;
import static io.peerwatch.identity.testing.Ev.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.identity.testing.Ev;
import io.peerwatch.identity.testing.StepChain;
import io.peerwatch.schema.LifecycleState;
import io.peerwatch.schema.NormalizedEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** State of every keyed step returns to zero once bindings ended and the retention passed (event time). */
class StateCleanupTest {
    static final IdentityConfig CFG = IdentityConfig.defaults()
            .withHoldFor(Duration.ofMinutes(5)).withBindingRetention(Duration.ofMinutes(30))
            .withVmRetention(Duration.ofHours(2));

    @Test
    void everyStepsStateReturnsToZeroAfterReleaseAndRetention() throws Exception {
        try (StepChain c = new StepChain(CFG)) {
            c.send(Ev.domain(min(-10), "aaaaaaaa-0000-0000-0000-000000000001", "vm-a", "52:54:00:00:00:0a"));
            c.send(Ev.lifecycle(min(-1), null, "vm-a", LifecycleState.STARTED, "kvm-host-01"));
            c.send(Ev.bind(min(0), "10.0.0.5", "52:54:00:00:00:0a"));
            c.watermark(min(0));
            NormalizedEvent flow = Ev.flow(at(1, 0), at(1, 30), "10.0.0.5", "10.0.0.6");
            c.send(flow);
            c.send(Ev.dns(at(2, 0), "10.0.0.5", "example.org"));
            c.watermark(min(3));
            assertThat(c.attributed()).isNotEmpty();
            assertThat(c.stateEntries()).as("live bindings, pending and VM state").isGreaterThan(0);

            c.send(Ev.release(min(10), "10.0.0.5", "52:54:00:00:00:0a"));
            c.watermark(min(20));
            assertThat(c.address.numKeyedStateEntries()).as("ended binding kept for retention").isGreaterThan(0);

            c.watermark(min(10 + 30)); // release + binding retention
            assertThat(c.address.numKeyedStateEntries()).isZero();

            c.watermark(min(10 + 30) + Duration.ofHours(2).toMillis()); // + VM retention
            assertThat(c.stateEntries()).isZero();
            assertThat(c.timers()).isZero();
        }
    }

    @Test
    void heldSidesLeaveUnattributedAndLeaveNoState() throws Exception {
        try (StepChain c = new StepChain(CFG)) {
            c.send(Ev.flow(at(1, 0), at(1, 30), "10.0.0.77", "93.184.216.34"));
            c.watermark(min(2));
            assertThat(c.address.numKeyedStateEntries()).as("held").isGreaterThan(0);
            assertThat(c.attributed()).isEmpty();
            c.watermark(at(1, 30) + Duration.ofMinutes(5).toMillis());
            assertThat(c.attributed()).singleElement()
                    .satisfies(a -> assertThat(a.getSide().getUnattributedReason()).isEqualTo("no-binding"));
            assertThat(c.stateEntries()).isZero();
            assertThat(c.timers()).isZero();
        }
    }

    @Test
    void publicAddressesWithoutBindingsCreateNoState() throws Exception {
        try (StepChain c = new StepChain(CFG)) {
            for (int i = 0; i < 50; i++) c.send(Ev.flow(at(1, i), at(1, i + 1), "198.51.100." + i, "93.184.216.34"));
            c.watermark(min(3));
            assertThat(c.attributed()).isEmpty();
            assertThat(c.stateEntries()).isZero();
        }
    }
}
