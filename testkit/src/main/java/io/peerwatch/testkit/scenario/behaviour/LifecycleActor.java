package io.peerwatch.testkit.scenario.behaviour;

import io.peerwatch.testkit.scenario.Actor;
import io.peerwatch.testkit.scenario.Hypervisor;
import io.peerwatch.testkit.scenario.ScenarioVm;
import io.peerwatch.testkit.scenario.TrafficLog;
import java.util.SplittableRandom;

/**
 * A VM's life as the hypervisor logs it: domain XML, "Defined Added" for VMs created during the scenario,
 * "Started Booted", the DHCP exchange (DISCOVER/OFFER/REQUEST/ACK), renewals every half lease (30 min of
 * libvirt's 1 h), and for a VM that goes away: DHCPRELEASE, "Stopped Shutdown", "Undefined Removed".
 */
public final class LifecycleActor extends Actor {
    private static final long LEASE_HALF_MICROS = 1_800_000_000L;

    private enum Phase { DEFINE, BOOT, DHCP, RENEW, RELEASE, STOP, UNDEFINE }

    private final ScenarioVm vm;
    private final Hypervisor host;
    private final boolean definedDuringScenario;
    private final long endMicros;
    private Phase phase;

    /**
     * @param definedDuringScenario true when the VM is created within the scenario ("Defined Added"); false when
     *                              it existed before (its domain XML is logged at the scenario start)
     */
    public LifecycleActor(ScenarioVm vm, Hypervisor host, boolean definedDuringScenario, long endMicros, SplittableRandom rng) {
        super(rng, vm.definedAtMillis() * 1000L, Long.MAX_VALUE);
        this.vm = vm;
        this.host = host;
        this.definedDuringScenario = definedDuringScenario;
        this.endMicros = endMicros;
        this.phase = Phase.DEFINE;
    }

    /** When the VM's DHCP ack is logged (it holds its address from then on). */
    public static long ackMicros(ScenarioVm vm) {
        return vm.bootAtMillis() * 1000L + 4_000_000L;
    }

    @Override
    protected void step(TrafficLog log) {
        long t = nextMicros();
        switch (phase) {
            case DEFINE -> {
                if (definedDuringScenario) log.lifecycle(t / 1000L, vm, "Defined Added");
                log.domainXml(t / 1000L, vm);
                phase = Phase.BOOT;
                next(Math.max(t + 1000, vm.bootAtMillis() * 1000L));
            }
            case BOOT -> {
                log.lifecycle(t / 1000L, vm, "Started Booted");
                phase = Phase.DHCP;
                next(ackMicros(vm) - 1_500_000L);
            }
            case DHCP -> {
                String iface = host.bridge();
                log.dhcp(t, host, vm, "DHCPDISCOVER(" + iface + ") " + vm.mac());
                log.dhcp(t + 1_000L, host, vm, "DHCPOFFER(" + iface + ") " + vm.ip() + " " + vm.mac());
                log.dhcp(t + 1_480_000L, host, vm, "DHCPREQUEST(" + iface + ") " + vm.ip() + " " + vm.mac());
                log.dhcp(ackMicros(vm), host, vm, "DHCPACK(" + iface + ") " + vm.ip() + " " + vm.mac() + " " + vm.name());
                phase = Phase.RENEW;
                scheduleRenewOrRelease(ackMicros(vm));
            }
            case RENEW -> {
                log.dhcp(t, host, vm, "DHCPREQUEST(" + host.bridge() + ") " + vm.ip() + " " + vm.mac());
                log.dhcp(t + 400L, host, vm, "DHCPACK(" + host.bridge() + ") " + vm.ip() + " " + vm.mac() + " " + vm.name());
                scheduleRenewOrRelease(t);
            }
            case RELEASE -> {
                // dnsmasq logs a release without the host name
                log.dhcp(t, host, vm, "DHCPRELEASE(" + host.bridge() + ") " + vm.ip() + " " + vm.mac());
                phase = Phase.STOP;
                next(t + 1_000_000L);
            }
            case STOP -> {
                log.lifecycle(t / 1000L, vm, "Stopped Shutdown");
                phase = Phase.UNDEFINE;
                next(t + 300_000_000L);
            }
            case UNDEFINE -> {
                log.lifecycle(t / 1000L, vm, "Undefined Removed");
                done();
            }
            default -> throw new IllegalStateException("unknown phase " + phase);
        }
    }

    private void scheduleRenewOrRelease(long from) {
        long renew = from + LEASE_HALF_MICROS + between(0, 2_000_000L);
        long release = vm.runsToEnd() ? Long.MAX_VALUE : vm.stopAtMillis() * 1000L;
        if (release <= renew) {
            phase = Phase.RELEASE;
            next(release);
        } else if (renew < endMicros) {
            next(renew);
        } else {
            done();
        }
    }
}
