package io.peerwatch.identity;

import static io.peerwatch.identity.testing.Ev.at;
import static io.peerwatch.identity.testing.Ev.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.identity.testing.Ev;
import io.peerwatch.identity.testing.PipelineRun;
import io.peerwatch.identity.testing.PipelineRun.Result;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.BindingAction;
import io.peerwatch.schema.Direction;
import io.peerwatch.schema.LifecycleState;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.VmIdentity;
import io.peerwatch.schema.VmSide;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AttributionPipelineTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    static final String UUID_A = "aaaaaaaa-0000-0000-0000-000000000001";
    static final String UUID_B = "bbbbbbbb-0000-0000-0000-000000000002";
    static final String MAC_A = "52:54:00:00:00:0a";
    static final String MAC_B = "52:54:00:00:00:0b";

    static List<VmSide> sidesOf(Result r, NormalizedEvent e) {
        List<VmSide> out = new ArrayList<>();
        for (AttributedEvent a : r.attributed()) {
            if (a.getEvent().getEventId().equals(e.getEventId())) out.add(a.getSide());
        }
        return out;
    }

    static VmSide onlySideOf(Result r, NormalizedEvent e) {
        List<VmSide> sides = sidesOf(r, e);
        assertThat(sides).as("sides of %s", e.getBody()).hasSize(1);
        return sides.get(0);
    }

    static Result run(IdentityConfig cfg, NormalizedEvent... events) throws Exception {
        return PipelineRun.run(List.of(events), cfg, 1);
    }

    @Test
    void reusedAddressIsAttributedToTheVmThatHeldItAtFlowTime() throws Exception {
        NormalizedEvent flowA = Ev.flow(at(2, 0), at(2, 30), "10.0.0.5", "93.184.216.34");
        NormalizedEvent flowB = Ev.flow(at(9, 0), at(9, 10), "10.0.0.5", "93.184.216.34");
        Result r = run(IdentityConfig.defaults(),
                Ev.domain(min(-60), UUID_A, "vm-a", MAC_A), Ev.domain(min(-60), UUID_B, "vm-b", MAC_B),
                Ev.bind(min(0), "10.0.0.5", MAC_A), Ev.release(min(5), "10.0.0.5", MAC_A),
                Ev.bind(min(7), "10.0.0.5", MAC_B), flowA, flowB);

        VmSide a = onlySideOf(r, flowA);
        assertThat(a.getAttributed()).isTrue();
        assertThat(a.getVmKey()).isEqualTo(UUID_A);
        assertThat(a.getVm().getName()).isEqualTo("vm-a");
        assertThat(a.getBinding().getValidFrom()).isEqualTo(min(0));
        assertThat(a.getBinding().getValidTo()).as("open when the flow was attributed").isNull();
        assertThat(a.getBinding().getSource()).isEqualTo("dnsmasq-dhcp");
        assertThat(a.getBinding().getEvidence().getFormat()).isEqualTo("dnsmasq-dhcp");

        VmSide b = onlySideOf(r, flowB);
        assertThat(b.getVmKey()).isEqualTo(UUID_B);
        assertThat(b.getVm().getName()).isEqualTo("vm-b");
        assertThat(b.getBinding().getValidFrom()).isEqualTo(min(7));
        assertThat(b.getBinding().getValidTo()).as("still open").isNull();
    }

    @Test
    void identityArrivingAfterTheFlowsStillAttributesThem() throws Exception {
        NormalizedEvent early = Ev.flow(at(1, 0), at(1, 20), "10.0.0.9", "93.184.216.34");
        NormalizedEvent tooEarly = Ev.flow(at(1, 0), at(1, 20), "10.0.0.10", "93.184.216.34");
        // flows first in the input; identity records come afterwards (later topic, later file)
        Result r = run(IdentityConfig.defaults().withHoldFor(Duration.ofMinutes(10)),
                early, tooEarly,
                // the first thing ever said about 10.0.0.9 is a renewal 3 minutes after the flow: it held it before
                Ev.binding(BindingAction.RENEW, min(4), "10.0.0.9", MAC_A, 3600L),
                // 10.0.0.10's renewal comes 20 minutes later: past the hold, the flow stays unattributed
                Ev.binding(BindingAction.RENEW, min(21), "10.0.0.10", MAC_B, 3600L),
                Ev.domain(min(30), UUID_A, "vm-a", MAC_A), Ev.domain(min(30), UUID_B, "vm-b", MAC_B));

        VmSide a = onlySideOf(r, early);
        assertThat(a.getAttributed()).isTrue();
        assertThat(a.getVmKey()).isEqualTo(UUID_A);
        assertThat(a.getBinding().getValidFrom()).as("start inferred back from the renewal").isLessThanOrEqualTo(at(1, 0));

        VmSide b = onlySideOf(r, tooEarly);
        assertThat(b.getAttributed()).isFalse();
        assertThat(b.getUnattributedReason()).isEqualTo("no-binding");
        assertThat(b.getVmKey()).isEqualTo("addr:default/10.0.0.10");
        assertThat(b.getLocalIp()).isEqualTo("10.0.0.10");
    }

    @Test
    void leaseRenewalsKeepOneBindingAndALapsedLeaseEndsIt() throws Exception {
        NormalizedEvent during = Ev.flow(at(2, 30), at(2, 40), "10.0.0.7", "93.184.216.34");
        NormalizedEvent afterLapse = Ev.flow(at(6, 0), at(6, 5), "10.0.0.7", "93.184.216.34");
        Result r = run(IdentityConfig.defaults().withHoldFor(Duration.ZERO),
                Ev.domain(min(-1), UUID_A, "vm-a", MAC_A),
                Ev.binding(BindingAction.BIND, min(0), "10.0.0.7", MAC_A, 60L),
                Ev.binding(BindingAction.RENEW, at(0, 30), "10.0.0.7", MAC_A, 60L),
                Ev.binding(BindingAction.BIND, at(1, 0), "10.0.0.7", MAC_A, 60L), // dnsmasq logs renewals as DHCPACK
                Ev.binding(BindingAction.RENEW, at(2, 0), "10.0.0.7", MAC_A, 60L),
                during, afterLapse);

        VmSide d = onlySideOf(r, during);
        assertThat(d.getVmKey()).isEqualTo(UUID_A);
        assertThat(d.getBinding().getValidFrom()).as("renewals extend the first binding").isEqualTo(min(0));
        VmSide lapsed = onlySideOf(r, afterLapse);
        assertThat(lapsed.getAttributed()).isFalse();
        assertThat(lapsed.getUnattributedReason()).isEqualTo("no-binding-at-time");
        // identity: the address was open, then ended when the lease ran out at 3:00
        VmIdentity last = lastIdentity(r, UUID_A);
        assertThat(last.getAddresses()).isEmpty();
        assertThat(r.identities()).anySatisfy(i -> assertThat(i.getAddresses()).extracting(x -> x.getAddress())
                .containsExactly("10.0.0.7"));
    }

    static VmIdentity lastIdentity(Result r, String vmKey) {
        VmIdentity last = null;
        for (VmIdentity i : r.identities()) {
            if (i.getVmKey().equals(vmKey) && (last == null || i.getUpdatedAt() >= last.getUpdatedAt())) last = i;
        }
        assertThat(last).as("identity of %s", vmKey).isNotNull();
        return last;
    }

    @Test
    void migrationChangesTheHostOnlyForLaterFlows() throws Exception {
        NormalizedEvent before = Ev.flow(at(2, 0), at(2, 10), "10.0.0.5", "93.184.216.34");
        NormalizedEvent after = Ev.flow(at(8, 0), at(8, 10), "10.0.0.5", "93.184.216.34");
        Result r = run(IdentityConfig.defaults(),
                Ev.domain(min(-5), UUID_A, "vm-a", MAC_A),
                Ev.lifecycle(min(-1), UUID_A, "vm-a", LifecycleState.STARTED, "kvm-host-01"),
                Ev.bind(min(0), "10.0.0.5", MAC_A),
                Ev.lifecycle(min(5), UUID_A, "vm-a", LifecycleState.MIGRATED, "kvm-host-02"),
                before, after);

        assertThat(onlySideOf(r, before).getVm().getHypervisorHost()).isEqualTo("kvm-host-01");
        assertThat(onlySideOf(r, after).getVm().getHypervisorHost()).isEqualTo("kvm-host-02");
        assertThat(onlySideOf(r, after).getVmKey()).as("same VM after migration").isEqualTo(UUID_A);
        assertThat(lastIdentity(r, UUID_A).getVm().getHypervisorHost()).isEqualTo("kvm-host-02");
    }

    @Test
    void lifecycleEventsKnownOnlyByNameReachTheirVmAndAStartTellsTheHostThatLoggedIt() throws Exception {
        NormalizedEvent flow = Ev.flow(at(2, 0), at(2, 10), "10.0.0.5", "93.184.216.34");
        Result r = run(IdentityConfig.defaults(),
                Ev.domain(min(-5), UUID_A, "vm-a", MAC_A),
                // virsh event lines name the domain only, and no host: the log's sensor is the host
                Ev.sensor(Ev.lifecycle(min(-1), null, "vm-a", LifecycleState.STARTED, null), "kvm-host-07"),
                Ev.bind(min(0), "10.0.0.5", MAC_A), flow);
        assertThat(onlySideOf(r, flow).getVm().getHypervisorHost()).isEqualTo("kvm-host-07");
    }

    @Test
    void twoNetworksWithTheSameSubnetDoNotMix() throws Exception {
        // two KVM hosts, each with libvirt's default 192.168.122.0/24 behind virbr0, each watched by its own sensor
        IdentityConfig cfg = IdentityConfig.defaults()
                .withScope("kvm-host-01/virbr0", "host01-nat").withScope("zeek-host01", "host01-nat")
                .withScope("kvm-host-02/virbr0", "host02-nat").withScope("zeek-host02", "host02-nat");
        NormalizedEvent flow1 = Ev.sensor(Ev.flow(at(2, 0), at(2, 10), "192.168.122.10", "93.184.216.34"), "zeek-host01");
        NormalizedEvent flow2 = Ev.sensor(Ev.flow(at(2, 0), at(2, 10), "192.168.122.10", "93.184.216.34"), "zeek-host02");
        NormalizedEvent unknownSensor = Ev.flow(at(2, 0), at(2, 10), "192.168.122.10", "93.184.216.34");
        Result r = run(cfg.withHoldFor(Duration.ZERO),
                Ev.domain(min(-5), UUID_A, "vm-a", MAC_A), Ev.domain(min(-5), UUID_B, "vm-b", MAC_B),
                Ev.sensor(Ev.bind(min(0), "192.168.122.10", MAC_A), "kvm-host-01"),
                Ev.sensor(Ev.bind(min(0), "192.168.122.10", MAC_B), "kvm-host-02"),
                flow1, flow2, unknownSensor);

        assertThat(onlySideOf(r, flow1).getVmKey()).isEqualTo(UUID_A);
        assertThat(onlySideOf(r, flow1).getBinding().getScope()).isEqualTo("host01-nat");
        assertThat(onlySideOf(r, flow2).getVmKey()).isEqualTo(UUID_B);
        assertThat(onlySideOf(r, flow2).getBinding().getScope()).isEqualTo("host02-nat");
        VmSide u = onlySideOf(r, unknownSensor);
        assertThat(u.getAttributed()).as("an unmapped sensor's flow is in the default scope, not guessed").isFalse();
        assertThat(u.getVmKey()).isEqualTo("addr:default/192.168.122.10");
    }

    @Test
    void networksNamedByTheEventsAreSeparateScopesWhenConfigured() throws Exception {
        IdentityConfig cfg = IdentityConfig.defaults().withSeparateUnmappedScopes(true);
        NormalizedEvent flowA = Ev.scoped(Ev.flow(at(2, 0), at(2, 10), "192.168.122.10", "93.184.216.34"), "net-a");
        NormalizedEvent flowB = Ev.scoped(Ev.flow(at(2, 0), at(2, 10), "192.168.122.10", "93.184.216.34"), "net-b");
        Result r = run(cfg,
                Ev.domain(min(-5), UUID_A, "vm-a", MAC_A), Ev.domain(min(-5), UUID_B, "vm-b", MAC_B),
                Ev.scoped(Ev.bind(min(0), "192.168.122.10", MAC_A), "net-a"),
                Ev.scoped(Ev.bind(min(0), "192.168.122.10", MAC_B), "net-b"),
                flowA, flowB);
        assertThat(onlySideOf(r, flowA).getVmKey()).isEqualTo(UUID_A);
        assertThat(onlySideOf(r, flowB).getVmKey()).isEqualTo(UUID_B);
    }

    @Test
    void dhcpv6ReplyAttributesIpv6FlowsThroughTheMacInItsDuid() throws Exception {
        // DUID-LL (type 3, Ethernet) carrying the VM's MAC, as dnsmasq logs it on DHCPREPLY
        NormalizedEvent flow = Ev.flow(at(2, 0), at(2, 10), "FD00:0:0:0::10", "2001:4860:4860::8888");
        Result r = run(IdentityConfig.defaults(),
                Ev.domain(min(-5), UUID_A, "vm-a", MAC_A),
                Ev.dhcpv6Reply(min(0), "fd00::10", "00:03:00:01:52:54:00:00:00:0a"),
                flow);
        VmSide s = onlySideOf(r, flow);
        assertThat(s.getVmKey()).isEqualTo(UUID_A);
        assertThat(s.getLocalIp()).isEqualTo("fd00::10");
        assertThat(s.getBinding().getMac()).isEqualTo(MAC_A);
    }

    @Test
    void vpcFlowLogsAreAttributedByInstanceIdOnTheInstancesSide() throws Exception {
        NormalizedEvent egress = Ev.vpcFlow(at(1, 0), at(2, 0), "172.31.5.9", "82.58.216.115", 5000, "i-0abc", "egress", "vpc-0a1b");
        NormalizedEvent ingress = Ev.vpcFlow(at(1, 0), at(2, 0), "82.58.216.115", "172.31.5.9", 700, "i-0abc", "ingress", "vpc-0a1b");
        NormalizedEvent named = Ev.vpcFlow(at(1, 0), at(2, 0), "172.31.6.1", "82.58.216.115", 10, "i-0def", "egress", "vpc-0a1b");
        Result r = run(IdentityConfig.defaults(), egress, ingress, named,
                Ev.instance(min(-10), UUID_B, "web-1", "i-0def"));

        VmSide out = onlySideOf(r, egress);
        assertThat(out.getAttributed()).isTrue();
        assertThat(out.getVmKey()).isEqualTo("i-0abc");
        assertThat(out.getVm().getInstanceId()).isEqualTo("i-0abc");
        assertThat(out.getDirection()).isEqualTo(Direction.OUTBOUND);
        assertThat(out.getLocalIp()).isEqualTo("172.31.5.9");
        assertThat(out.getBytesOut()).isEqualTo(5000);
        assertThat(out.getBinding().getSource()).isEqualTo("aws-vpc-flow");
        assertThat(out.getBinding().getScope()).as("the VPC id is the scope").isEqualTo("vpc-0a1b");

        VmSide in = onlySideOf(r, ingress);
        assertThat(in.getVmKey()).isEqualTo("i-0abc");
        assertThat(in.getDirection()).isEqualTo(Direction.INBOUND);
        assertThat(in.getLocalIp()).isEqualTo("172.31.5.9");
        assertThat(in.getBytesIn()).isEqualTo(700);

        VmSide withInventory = onlySideOf(r, named);
        assertThat(withInventory.getVmKey()).as("inventory names the instance").isEqualTo(UUID_B);
        assertThat(withInventory.getVm().getName()).isEqualTo("web-1");
        assertThat(r.identities()).filteredOn(i -> i.getVmKey().equals("i-0abc"))
                .anySatisfy(i -> assertThat(i.getAddresses()).extracting(b -> b.getAddress()).containsExactly("172.31.5.9"));
        // at the end of a bounded run event time reaches the end: the address is no longer in use
        assertThat(lastIdentity(r, "i-0abc").getAddresses()).isEmpty();
    }

    @Test
    void flowStraddlingAReleaseBelongsToTheHolderAtItsStartAndNeverToALaterOne() throws Exception {
        NormalizedEvent straddles = Ev.flow(at(4, 0), at(6, 0), "10.0.0.5", "93.184.216.34");
        NormalizedEvent inGapThenB = Ev.flow(at(5, 10), at(6, 0), "10.0.0.5", "93.184.216.34");
        NormalizedEvent onlyInGap = Ev.flow(at(5, 10), at(5, 20), "10.0.0.5", "93.184.216.34");
        Result r = run(IdentityConfig.defaults().withHoldFor(Duration.ofMinutes(2)),
                Ev.domain(min(-5), UUID_A, "vm-a", MAC_A), Ev.domain(min(-5), UUID_B, "vm-b", MAC_B),
                Ev.bind(min(0), "10.0.0.5", MAC_A), Ev.release(min(5), "10.0.0.5", MAC_A),
                Ev.bind(at(5, 30), "10.0.0.5", MAC_B),
                straddles, inGapThenB, onlyInGap);

        assertThat(onlySideOf(r, straddles).getVmKey()).isEqualTo(UUID_A);
        assertThat(onlySideOf(r, straddles).getBinding().getValidTo()).as("ended by the release").isEqualTo(min(5));
        assertThat(onlySideOf(r, inGapThenB).getVmKey()).as("B got the address while the flow ran").isEqualTo(UUID_B);
        VmSide gap = onlySideOf(r, onlyInGap);
        assertThat(gap.getAttributed()).as("B started after this flow ended").isFalse();
        assertThat(gap.getUnattributedReason()).isEqualTo("no-binding-at-time");
    }

    @Test
    void flowBetweenTwoVmsIsAttributedOnBothSides() throws Exception {
        NormalizedEvent flow = Ev.flow(at(2, 0), at(2, 10), "10.0.0.5", 40000, "10.0.0.6", 22, 300, 9000);
        Result r = run(IdentityConfig.defaults(),
                Ev.domain(min(-5), UUID_A, "vm-a", MAC_A), Ev.domain(min(-5), UUID_B, "vm-b", MAC_B),
                Ev.bind(min(0), "10.0.0.5", MAC_A), Ev.bind(min(0), "10.0.0.6", MAC_B), flow);

        List<VmSide> sides = sidesOf(r, flow);
        assertThat(sides).hasSize(2);
        VmSide a = sides.stream().filter(s -> s.getVmKey().equals(UUID_A)).findFirst().orElseThrow();
        VmSide b = sides.stream().filter(s -> s.getVmKey().equals(UUID_B)).findFirst().orElseThrow();
        assertThat(a.getDirection()).isEqualTo(Direction.OUTBOUND);
        assertThat(a.getLocalPort()).isEqualTo(40000);
        assertThat(a.getRemoteIp()).isEqualTo("10.0.0.6");
        assertThat(a.getBytesOut()).isEqualTo(300);
        assertThat(a.getBytesIn()).isEqualTo(9000);
        assertThat(b.getDirection()).isEqualTo(Direction.INBOUND);
        assertThat(b.getLocalPort()).isEqualTo(22);
        assertThat(b.getRemoteIp()).isEqualTo("10.0.0.5");
        assertThat(b.getBytesOut()).isEqualTo(9000);
        assertThat(b.getBytesIn()).isEqualTo(300);
    }

    @Test
    void externalPeersAreNotVmsAndPublicOrMulticastOnlyFlowsYieldNothing() throws Exception {
        NormalizedEvent outbound = Ev.flow(at(2, 0), at(2, 10), "10.0.0.5", "93.184.216.34");
        NormalizedEvent publicOnly = Ev.flow(at(2, 0), at(2, 10), "198.51.100.7", "93.184.216.34");
        NormalizedEvent multicast = Ev.flow(at(2, 0), at(2, 10), "10.0.0.5", "239.192.152.143");
        NormalizedEvent dns = Ev.dns(at(3, 0), "10.0.0.5", "tracker.example.org");
        Result r = run(IdentityConfig.defaults(),
                Ev.domain(min(-5), UUID_A, "vm-a", MAC_A), Ev.bind(min(0), "10.0.0.5", MAC_A),
                outbound, publicOnly, multicast, dns);
        assertThat(onlySideOf(r, outbound).getVmKey()).isEqualTo(UUID_A);
        assertThat(sidesOf(r, publicOnly)).isEmpty();
        assertThat(onlySideOf(r, multicast).getVmKey()).isEqualTo(UUID_A);
        VmSide d = onlySideOf(r, dns);
        assertThat(d.getVmKey()).as("application events on the client side").isEqualTo(UUID_A);
        assertThat(d.getDirection()).isEqualTo(Direction.OUTBOUND);
    }

    @Test
    void processStartsByHostnameGoToTheVmOfThatName() throws Exception {
        NormalizedEvent known = Ev.process(min(2), "VM-A", "C:\\Program Files\\qBittorrent\\qbittorrent.exe");
        NormalizedEvent unknown = Ev.process(min(2), "laptop-17", "/usr/bin/transmission-daemon");
        Result r = run(IdentityConfig.defaults().withDefinitionWait(Duration.ofMinutes(1)),
                Ev.domain(min(-5), UUID_A, "vm-a", MAC_A), known, unknown);
        assertThat(onlySideOf(r, known).getVmKey()).isEqualTo(UUID_A);
        VmSide u = onlySideOf(r, unknown);
        assertThat(u.getAttributed()).isFalse();
        assertThat(u.getVmKey()).isEqualTo("host:laptop-17");
    }

    @Test
    void aNicWithoutDefinitionIsStillOneVmKeyedByItsMac() throws Exception {
        NormalizedEvent flow = Ev.flow(at(2, 0), at(2, 10), "10.0.0.5", "93.184.216.34");
        Result r = run(IdentityConfig.defaults().withDefinitionWait(Duration.ofMinutes(1)),
                Ev.bind(min(0), "10.0.0.5", MAC_A), flow);
        VmSide s = onlySideOf(r, flow);
        assertThat(s.getAttributed()).isTrue();
        assertThat(s.getVmKey()).isEqualTo("mac:" + MAC_A);
        assertThat(s.getVm().getMac()).isEqualTo(MAC_A);
    }

    @Test
    void definitionsWithoutTimeOfTheirOwnStillNameEarlierFlows() throws Exception {
        // a domain XML dumped weeks after the traffic (its event time is the file's time)
        NormalizedEvent flow = Ev.flow(at(2, 0), at(2, 10), "10.0.0.5", "93.184.216.34");
        Result r = run(IdentityConfig.defaults(),
                Ev.bind(min(0), "10.0.0.5", MAC_A), flow, Ev.domain(min(60 * 24 * 25), UUID_A, "vm-a", MAC_A));
        assertThat(onlySideOf(r, flow).getVmKey()).isEqualTo(UUID_A);
    }

    @Test
    void sameOutputAtParallelismOneAndFourWithShuffledInput() throws Exception {
        List<NormalizedEvent> events = ReuseScenario.events(12, 4, 6, 7L);
        List<NormalizedEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(42));
        IdentityConfig cfg = IdentityConfig.defaults();
        Result p1 = PipelineRun.run(events, cfg, 1);
        Result p4 = PipelineRun.run(shuffled, cfg, 4);

        assertThat(p1.attributed()).isNotEmpty();
        assertThat(ReuseScenario.canonical(p4.attributed())).isEqualTo(ReuseScenario.canonical(p1.attributed()));
        assertThat(ReuseScenario.canonicalIdentities(p4.identities()))
                .isEqualTo(ReuseScenario.canonicalIdentities(p1.identities()));
        // and every flow went to the VM the scenario gave the address at that time
        assertThat(ReuseScenario.misattributed(events, p4.attributed())).isEmpty();
    }
}
