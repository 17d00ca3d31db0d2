package io.peerwatch.testkit.scenario;

/**
 * Generates a virtualized estate's logs in the formats real sites have (Zeek JSON, dnsmasq syslog, libvirt
 * domain XML and {@code virsh event} lines, VPC flow logs v5), deterministically from a seed: the same spec
 * gives byte-identical records. See {@link Scenario} for how to read, write or produce them, and
 * {@link ScenarioTruth} for what happens in it.
 */
public final class ScenarioGenerator {
    private ScenarioGenerator() {}

    /** Plans the estate and its events; records are produced lazily when the scenario is read. */
    public static Scenario generate(ScenarioSpec spec) {
        return new Scenario(ScenarioPlan.of(spec));
    }

    /** The default scenario (36 VMs, 3 hypervisors, 26 hours, seed 42). */
    public static Scenario generateDefault() {
        return generate(ScenarioSpec.defaults());
    }
}
