package io.peerwatch.testkit.scenario;

import io.peerwatch.common.Formats;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to generate: a seed (same spec, same bytes), the estate's size, the time span, the log formats and how
 * busy benign VMs are. Immutable; start from {@link #defaults()} and change what matters.
 *
 * <p>Defaults: 36 VMs on 3 hypervisors, 26 hours from 2026-11-09T00:00:00Z (two nightly backups), the formats
 * a libvirt site with a Zeek sensor has ({@link #LIBVIRT_SITE_FORMATS}), look-alike VMs on.
 */
public final class ScenarioSpec {
    public static final Instant DEFAULT_START = Instant.parse("2026-11-09T00:00:00Z");
    public static final Duration DEFAULT_DURATION = Duration.ofHours(26);
    public static final Duration MIN_DURATION = Duration.ofHours(2);
    /** BitTorrent VM, the VM that reuses its address, backup, exfiltration, plus one benign VM. */
    public static final int MIN_VMS = 5;
    public static final int MAX_HYPERVISORS = 200;

    /** A libvirt estate with a Zeek sensor on the virtual switch. */
    public static final List<String> LIBVIRT_SITE_FORMATS = List.of(
            Formats.ZEEK_CONN, Formats.ZEEK_DNS, Formats.ZEEK_HTTP, Formats.ZEEK_SSL,
            Formats.DNSMASQ_DHCP, Formats.LIBVIRT_DOMXML, Formats.LIBVIRT_EVENT);
    /** Every format the generator can write. aws-vpc-flow describes the same traffic as zeek-conn. */
    public static final List<String> SUPPORTED_FORMATS = List.of(
            Formats.ZEEK_CONN, Formats.ZEEK_DNS, Formats.ZEEK_HTTP, Formats.ZEEK_SSL,
            Formats.DNSMASQ_DHCP, Formats.LIBVIRT_DOMXML, Formats.LIBVIRT_EVENT, Formats.AWS_VPC_FLOW);

    private final long seed;
    private final int vms;
    private final int hypervisors;
    private final Instant start;
    private final Duration duration;
    private final Set<String> formats;
    private final boolean lookalikes;
    private final double activityScale;

    private ScenarioSpec(long seed, int vms, int hypervisors, Instant start, Duration duration, Set<String> formats,
                         boolean lookalikes, double activityScale) {
        if (vms < MIN_VMS) throw new IllegalArgumentException("vms must be >= " + MIN_VMS + ", got " + vms);
        if (hypervisors < 1 || hypervisors > MAX_HYPERVISORS) {
            throw new IllegalArgumentException("hypervisors must be 1.." + MAX_HYPERVISORS + ", got " + hypervisors);
        }
        if (hypervisors > vms) throw new IllegalArgumentException("more hypervisors (" + hypervisors + ") than VMs (" + vms + ")");
        if ((vms + hypervisors - 1) / hypervisors > 50_000) throw new IllegalArgumentException("more than 50000 VMs per hypervisor");
        Objects.requireNonNull(start, "start");
        if (duration == null || duration.compareTo(MIN_DURATION) < 0) {
            throw new IllegalArgumentException("duration must be >= " + MIN_DURATION + ", got " + duration);
        }
        if (formats.isEmpty()) throw new IllegalArgumentException("no formats selected");
        for (String f : formats) {
            if (!SUPPORTED_FORMATS.contains(Formats.require(f))) {
                throw new IllegalArgumentException("the scenario generator does not write FORMAT " + f + "; it writes " + SUPPORTED_FORMATS);
            }
        }
        if (!(activityScale > 0 && activityScale <= 100)) throw new IllegalArgumentException("activityScale must be in (0, 100], got " + activityScale);
        this.seed = seed;
        this.vms = vms;
        this.hypervisors = hypervisors;
        this.start = start;
        this.duration = duration;
        this.formats = Set.copyOf(formats);
        this.lookalikes = lookalikes;
        this.activityScale = activityScale;
    }

    public static ScenarioSpec defaults() {
        return new ScenarioSpec(42L, 36, 3, DEFAULT_START, DEFAULT_DURATION, new LinkedHashSet<>(LIBVIRT_SITE_FORMATS), true, 1.0);
    }

    public ScenarioSpec withSeed(long v) { return new ScenarioSpec(v, vms, hypervisors, start, duration, formats, lookalikes, activityScale); }
    public ScenarioSpec withVms(int v) { return new ScenarioSpec(seed, v, hypervisors, start, duration, formats, lookalikes, activityScale); }
    public ScenarioSpec withHypervisors(int v) { return new ScenarioSpec(seed, vms, v, start, duration, formats, lookalikes, activityScale); }
    public ScenarioSpec withStart(Instant v) { return new ScenarioSpec(seed, vms, hypervisors, v, duration, formats, lookalikes, activityScale); }
    public ScenarioSpec withDuration(Duration v) { return new ScenarioSpec(seed, vms, hypervisors, start, v, formats, lookalikes, activityScale); }
    public ScenarioSpec withFormats(String... v) { return new ScenarioSpec(seed, vms, hypervisors, start, duration, new LinkedHashSet<>(List.of(v)), lookalikes, activityScale); }
    public ScenarioSpec withFormats(Set<String> v) { return new ScenarioSpec(seed, vms, hypervisors, start, duration, v, lookalikes, activityScale); }
    /** Look-alike VMs: a public web server and a TURN relay, many peers on one port but not P2P. */
    public ScenarioSpec withLookalikes(boolean v) { return new ScenarioSpec(seed, vms, hypervisors, start, duration, formats, v, activityScale); }
    /** Multiplies the rate of benign sessions (browsing, API calls, ...); 1.0 is a moderately busy estate. */
    public ScenarioSpec withActivityScale(double v) { return new ScenarioSpec(seed, vms, hypervisors, start, duration, formats, lookalikes, v); }

    public long seed() { return seed; }
    public int vms() { return vms; }
    public int hypervisors() { return hypervisors; }
    public Instant start() { return start; }
    public Duration duration() { return duration; }
    public Instant end() { return start.plus(duration); }
    public Set<String> formats() { return formats; }
    public boolean has(String format) { return formats.contains(format); }
    public boolean lookalikes() { return lookalikes; }
    public double activityScale() { return activityScale; }

    @Override
    public String toString() {
        return "ScenarioSpec{seed=" + seed + ", vms=" + vms + ", hypervisors=" + hypervisors + ", start=" + start
                + ", duration=" + duration + ", formats=" + formats.stream().sorted().toList() + ", lookalikes=" + lookalikes
                + ", activityScale=" + activityScale + "}";
    }
}
