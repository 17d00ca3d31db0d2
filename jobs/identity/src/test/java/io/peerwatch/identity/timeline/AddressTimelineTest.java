package io.peerwatch.identity.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.identity.route.IdentityMessage;
import io.peerwatch.schema.BindingAction;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressTimelineTest {
    static final long HOLD = 600_000, LEASE = 3_600_000, RETENTION = 6 * 3_600_000L;
    final AddressTimeline rules = new AddressTimeline(HOLD, LEASE, RETENTION);

    static IdentityMessage fact(BindingAction action, long t, String mac, long leaseMillis) {
        IdentityMessage m = new IdentityMessage();
        m.action = action;
        m.time = t;
        m.holder = mac == null ? null : "mac:" + mac;
        m.address = "10.0.0.5";
        m.leaseMillis = leaseMillis;
        return m;
    }

    static AddressState state() {
        AddressState s = new AddressState();
        s.scope = "default";
        s.address = "10.0.0.5";
        return s;
    }

    @Test
    void renewalsByTheHolderExtendOneTenure() {
        AddressState s = state();
        assertThat(rules.apply(s, fact(BindingAction.BIND, 1_000, "a", 60_000))).singleElement()
                .satisfies(c -> assertThat(c.open()).isTrue());
        assertThat(rules.apply(s, fact(BindingAction.BIND, 31_000, "a", 60_000))).isEmpty();
        assertThat(rules.apply(s, fact(BindingAction.RENEW, 61_000, "a", 60_000))).isEmpty();
        assertThat(s.bindings).singleElement().satisfies(i -> {
            assertThat(i.validFrom).isEqualTo(1_000);
            assertThat(i.leaseEnd).isEqualTo(121_000);
        });
    }

    @Test
    void aLapsedLeaseIsReportedOnceAndARenewalReopensIt() {
        AddressState s = state();
        rules.apply(s, fact(BindingAction.BIND, 0, "a", 60_000));
        assertThat(rules.nextDue(s)).isEqualTo(60_000);
        assertThat(rules.lapse(s, 60_000)).singleElement().satisfies(c -> {
            assertThat(c.open()).isFalse();
            assertThat(c.endedAt()).isEqualTo(60_000);
        });
        assertThat(rules.lapse(s, 70_000)).isEmpty();
        assertThat(rules.resolve(s, 65_000, 65_000).reason()).isEqualTo(AddressTimeline.NO_BINDING_AT_TIME);
        assertThat(rules.apply(s, fact(BindingAction.RENEW, 80_000, "a", 60_000))).singleElement()
                .satisfies(c -> assertThat(c.open()).isTrue());
        assertThat(rules.resolve(s, 65_000, 65_000).interval()).as("the gap belongs to the same NIC").isNotNull();
    }

    @Test
    void anotherHolderEndsTheOpenTenure() {
        AddressState s = state();
        rules.apply(s, fact(BindingAction.BIND, 0, "a", LEASE));
        List<AddressTimeline.Change> changes = rules.apply(s, fact(BindingAction.BIND, 100_000, "b", LEASE));
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).open()).isFalse();
        assertThat(changes.get(0).endedAt()).isEqualTo(100_000);
        assertThat(changes.get(1).open()).isTrue();
        assertThat(rules.resolve(s, 50_000, 60_000).interval().holder).isEqualTo("mac:a");
        assertThat(rules.resolve(s, 150_000, 160_000).interval().holder).isEqualTo("mac:b");
    }

    @Test
    void aRenewalSeenFirstClaimsAtMostHoldForBackAndNeverBeforeThePreviousEnd() {
        AddressState s = state();
        rules.apply(s, fact(BindingAction.RENEW, 1_000_000, "a", LEASE));
        assertThat(s.latest().validFrom).isEqualTo(1_000_000 - HOLD);
        assertThat(s.latest().inferredStart).isTrue();

        AddressState t = state();
        rules.apply(t, fact(BindingAction.BIND, 0, "a", LEASE));
        rules.apply(t, fact(BindingAction.RELEASE, 900_000, "a", -1));
        rules.apply(t, fact(BindingAction.SNAPSHOT, 1_000_000, "b", LEASE));
        assertThat(t.latest().validFrom).isEqualTo(900_000);
    }

    @Test
    void releasesEndOnlyTheHoldersTenure() {
        AddressState s = state();
        rules.apply(s, fact(BindingAction.BIND, 0, "a", LEASE));
        assertThat(rules.apply(s, fact(BindingAction.RELEASE, 10_000, "b", -1))).isEmpty();
        assertThat(s.latest().end).isEqualTo(BindingInterval.OPEN);
        assertThat(rules.apply(s, fact(BindingAction.RELEASE, 20_000, null, -1))).singleElement()
                .satisfies(c -> assertThat(c.endedAt()).isEqualTo(20_000));
    }

    @Test
    void aReleaseSeenFirstRecordsAnEndedTenureForWaitingEvents() {
        AddressState s = state();
        rules.apply(s, fact(BindingAction.RELEASE, 1_000_000, "a", -1));
        assertThat(s.bindings).singleElement().satisfies(i -> {
            assertThat(i.validFrom).isEqualTo(1_000_000 - HOLD);
            assertThat(i.end).isEqualTo(1_000_000);
        });
        assertThat(rules.resolve(s, 950_000, 960_000).interval()).isNotNull();
        assertThat(rules.resolve(s, 1_000_000, 1_000_001).interval()).isNull();
    }

    @Test
    void lookupsUseTheTenureAtTheEventsStartElseOneThatStartedDuringIt() {
        AddressState s = state();
        rules.apply(s, fact(BindingAction.BIND, 0, "a", LEASE));
        rules.apply(s, fact(BindingAction.RELEASE, 100_000, "a", -1));
        rules.apply(s, fact(BindingAction.BIND, 200_000, "b", LEASE));
        assertThat(rules.resolve(s, 90_000, 250_000).interval().holder).as("straddles the release").isEqualTo("mac:a");
        assertThat(rules.resolve(s, 150_000, 250_000).interval().holder).as("b started during it").isEqualTo("mac:b");
        assertThat(rules.resolve(s, 150_000, 199_999).interval()).as("never a later tenure").isNull();
        assertThat(rules.resolve(s, 150_000, 199_999).reason()).isEqualTo(AddressTimeline.NO_BINDING_AT_TIME);
        assertThat(rules.resolve(state(), 1, 2).reason()).isEqualTo(AddressTimeline.NO_BINDING);
    }

    @Test
    void endedTenuresAreForgottenAfterTheRetention() {
        AddressState s = state();
        rules.apply(s, fact(BindingAction.BIND, 0, "a", LEASE));
        rules.apply(s, fact(BindingAction.RELEASE, 100_000, "a", -1));
        assertThat(rules.nextDue(s)).isEqualTo(100_000 + RETENTION);
        rules.expire(s, 100_000 + RETENTION - 1);
        assertThat(s.bindings).hasSize(1);
        rules.expire(s, 100_000 + RETENTION);
        assertThat(s.bindings).isEmpty();
        assertThat(s.historyFrom).isEqualTo(100_000);
        assertThat(rules.resolve(s, 50_000, 60_000).reason()).isEqualTo(AddressTimeline.HISTORY_EXPIRED);
        assertThat(rules.nextDue(s)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void staticAddressesNeverLapse() {
        AddressState s = state();
        rules.apply(s, fact(BindingAction.BIND, 0, "a", Long.MAX_VALUE));
        assertThat(rules.lapse(s, Long.MAX_VALUE - 1)).isEmpty();
        assertThat(rules.resolve(s, 1L << 50, 1L << 50).interval()).isNotNull();
        assertThat(rules.nextDue(s)).isEqualTo(Long.MIN_VALUE);
    }
}
