package io.peerwatch.identity.route;

import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.identity.net.Addresses;
import io.peerwatch.identity.net.Macs;
import io.peerwatch.identity.output.Evidence;
import io.peerwatch.schema.AddressBinding;
import io.peerwatch.schema.BindingAction;
import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.DnsQuery;
import io.peerwatch.schema.HttpRequest;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.Nic;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.ProcessStart;
import io.peerwatch.schema.ProtocolHint;
import io.peerwatch.schema.TlsSession;
import io.peerwatch.schema.VmDefinition;
import io.peerwatch.schema.VmLifecycle;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Stateless first step: turns each normalized event into the messages of the keyed steps. Address facts and
 * address lookups go to the main output (address timelines); VM definitions, lifecycle events known only by
 * name or instance, and events that already name their VM go to the directory; definitions and lifecycle
 * events with a uuid go to VM state. Everything that cannot be routed is counted by reason, never dropped
 * silently.
 */
public class EventRouter extends ProcessFunction<NormalizedEvent, IdentityMessage> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<IdentityMessage> TO_DIRECTORY = new OutputTag<>("to-vm-directory") {};
    public static final OutputTag<IdentityMessage> TO_VM = new OutputTag<>("to-vm-state") {};

    private final IdentityConfig cfg;
    private final ScopeResolver scopes;
    private transient MetricGroup skips;
    private transient Counter events, lookups, bindings, definitions, lifecycles;

    public EventRouter(IdentityConfig cfg) {
        this.cfg = cfg;
        this.scopes = new ScopeResolver(cfg);
    }

    @Override
    public void open(OpenContext ctx) {
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("identity");
        events = g.counter("eventsIn");
        lookups = g.counter("sidesToAttribute");
        bindings = g.counter("bindingFactsIn");
        definitions = g.counter("definitionsIn");
        lifecycles = g.counter("lifecycleEventsIn");
        skips = g.addGroup("skipped");
    }

    private void skip(String reason) {
        if (skips != null) skips.counter(reason).inc();
    }

    @Override
    public void processElement(NormalizedEvent e, Context ctx, Collector<IdentityMessage> out) {
        if (events != null) events.inc();
        Object body = e.getBody();
        if (body instanceof NetworkFlow f) {
            routeFlow(e, f, ctx, out);
        } else if (body instanceof AddressBinding b) {
            routeBinding(e, b, out);
        } else if (body instanceof VmDefinition d) {
            routeDefinition(e, d, ctx, out);
        } else if (body instanceof VmLifecycle l) {
            routeLifecycle(e, l, ctx);
        } else if (body instanceof DnsQuery q) {
            clientSide(e, q.getSrcIp(), out);
        } else if (body instanceof HttpRequest h) {
            clientSide(e, h.getSrcIp(), out);
        } else if (body instanceof TlsSession t) {
            clientSide(e, t.getSrcIp(), out);
        } else if (body instanceof ProtocolHint p) {
            // a hint is about a connection: the VM may be either end (a DHT reply to the VM has it as dst)
            int n = side(e, p.getSrcIp(), true, e.getEventTime(), e.getEventTime(), out)
                    + side(e, p.getDstIp(), false, e.getEventTime(), e.getEventTime(), out);
            if (n == 0) skip("eventWithoutLocalAddress");
        } else if (body instanceof ProcessStart p) {
            routeProcess(e, p, ctx, out);
        } else {
            skip("unknownBody");
        }
    }

    private String scopeOf(NormalizedEvent e, String network) {
        return scopes.resolve(network != null ? network : e.getNetworkScope(), e.getSensor());
    }

    // ---- flows and application events

    private void routeFlow(NormalizedEvent e, NetworkFlow f, Context ctx, Collector<IdentityMessage> out) {
        long from = Math.min(f.getStartTime(), e.getEventTime());
        long to = Math.max(f.getEndTime(), e.getEventTime());
        if (f.getInstanceId() != null && !f.getInstanceId().isBlank()) {
            routeCloudFlow(e, f, from, to, ctx);
            return;
        }
        int n = side(e, f.getSrcIp(), true, from, to, out) + side(e, f.getDstIp(), false, from, to, out);
        if (n == 0) skip("flowWithoutLocalAddress");
    }

    /**
     * A cloud flow log record is written by the instance's own interface: the instance is named, so the record
     * is attributed to it directly (no address lookup), on the side that is the instance's address.
     */
    private void routeCloudFlow(NormalizedEvent e, NetworkFlow f, long from, long to, Context ctx) {
        boolean srcIsInstance = instanceIsSource(f);
        String raw = srcIsInstance ? f.getSrcIp() : f.getDstIp();
        String addr = Addresses.canonical(raw);
        String scope = scopeOf(e, null);
        IdentityMessage m = lookup(e, srcIsInstance, scope, addr != null ? addr : raw, from, to);
        m.key = Keys.instance(f.getInstanceId());
        m.holder = m.key;
        m.instanceHint = f.getInstanceId().trim();
        m.binding = BindingRef.newBuilder()
                .setScope(scope)
                .setAddress(m.address)
                .setMac(null)
                .setSource(e.getFormat())
                .setValidFrom(from)
                .setValidTo(to)
                .setEvidence(Evidence.of(e, "flow log of " + f.getInstanceId()
                        + (f.getInterfaceId() == null ? "" : " interface " + f.getInterfaceId())))
                .build();
        if (lookups != null) lookups.inc();
        ctx.output(TO_DIRECTORY, m);
    }

    /** egress: the instance sent it (src); ingress: it received it (dst); else the private side, else src. */
    static boolean instanceIsSource(NetworkFlow f) {
        String dir = f.getObservedDirection() == null ? "" : f.getObservedDirection().trim().toLowerCase(Locale.ROOT);
        if (dir.equals("egress")) return true;
        if (dir.equals("ingress")) return false;
        boolean srcPrivate = Addresses.kind(f.getSrcIp()) == Addresses.Kind.PRIVATE;
        boolean dstPrivate = Addresses.kind(f.getDstIp()) == Addresses.Kind.PRIVATE;
        return srcPrivate || !dstPrivate;
    }

    private void clientSide(NormalizedEvent e, String srcIp, Collector<IdentityMessage> out) {
        if (side(e, srcIp, true, e.getEventTime(), e.getEventTime(), out) == 0) skip("eventWithoutLocalAddress");
    }

    /** Emits the lookup of one side; 0 when the address can never be a VM's (multicast, invalid, public if off). */
    private int side(NormalizedEvent e, String rawIp, boolean srcSide, long from, long to, Collector<IdentityMessage> out) {
        if (rawIp == null) return 0;
        String addr = Addresses.canonical(rawIp);
        if (addr == null) {
            skip("invalidAddressSide");
            return 0;
        }
        Addresses.Kind kind = Addresses.kind(addr);
        if (kind == Addresses.Kind.NON_UNICAST) return 0;
        if (kind == Addresses.Kind.PUBLIC && !cfg.lookupPublicAddresses()) return 0;
        String scope = scopeOf(e, null);
        IdentityMessage m = lookup(e, srcSide, scope, addr, from, to);
        m.privateAddress = kind == Addresses.Kind.PRIVATE;
        m.key = Keys.address(scope, addr);
        if (lookups != null) lookups.inc();
        out.collect(m);
        return 1;
    }

    private static IdentityMessage lookup(NormalizedEvent e, boolean srcSide, String scope, String addr, long from, long to) {
        IdentityMessage m = new IdentityMessage();
        m.kind = MessageKind.LOOKUP;
        m.time = to;
        m.order = e.getEventId() + (srcSide ? "/src" : "/dst");
        m.event = e;
        m.srcSide = srcSide;
        m.scope = scope;
        m.address = addr;
        m.lookupFrom = from;
        m.lookupTo = to;
        return m;
    }

    private void routeProcess(NormalizedEvent e, ProcessStart p, Context ctx, Collector<IdentityMessage> out) {
        if (p.getIp() != null && !p.getIp().isBlank()) {
            clientSide(e, p.getIp(), out);
            return;
        }
        if (p.getHostname() == null || p.getHostname().isBlank()) {
            skip("processWithoutHost");
            return;
        }
        // a guest's hostname is matched against VM names
        IdentityMessage m = lookup(e, true, cfg.defaultScope(), null, e.getEventTime(), e.getEventTime());
        m.key = Keys.name(p.getHostname());
        m.holder = m.key;
        m.hostnameHint = p.getHostname().trim();
        if (lookups != null) lookups.inc();
        ctx.output(TO_DIRECTORY, m);
    }

    // ---- identity facts

    private void routeBinding(NormalizedEvent e, AddressBinding b, Collector<IdentityMessage> out) {
        String addr = Addresses.canonical(b.getAddress());
        if (addr == null) {
            skip("bindingWithInvalidAddress");
            return;
        }
        String holder = holderOf(b);
        boolean ending = b.getAction() == BindingAction.RELEASE || b.getAction() == BindingAction.EXPIRE;
        if (holder == null && !ending) {
            skip("bindingWithoutHolder");
            return;
        }
        String scope = scopeOf(e, e.getNetworkScope() != null ? e.getNetworkScope() : b.getInterfaceName());
        IdentityMessage m = new IdentityMessage();
        m.kind = MessageKind.BINDING;
        m.key = Keys.address(scope, addr);
        m.time = e.getEventTime();
        m.order = e.getEventId();
        m.event = e;
        m.scope = scope;
        m.address = addr;
        m.action = b.getAction();
        m.leaseMillis = b.getLeaseSeconds() == null || b.getLeaseSeconds() < 0 ? -1 : b.getLeaseSeconds() * 1000L;
        m.holder = holder;
        m.hostnameHint = b.getHostname();
        m.vmUuidHint = b.getVmUuid();
        m.vmNameHint = b.getVmName();
        m.instanceHint = b.getInstanceId();
        if (bindings != null) bindings.inc();
        out.collect(m);
    }

    /** Who holds the address: its MAC (or the MAC in a DHCPv6 DUID), else a named instance or VM. */
    static String holderOf(AddressBinding b) {
        String mac = Macs.canonical(b.getMac());
        if (mac == null) mac = Macs.fromDuid(b.getClientId());
        if (mac != null) return Keys.mac(mac);
        if (b.getInstanceId() != null && !b.getInstanceId().isBlank()) return Keys.instance(b.getInstanceId());
        if (b.getVmUuid() != null && !b.getVmUuid().isBlank()) return Keys.uuid(b.getVmUuid());
        return null;
    }

    private void routeDefinition(NormalizedEvent e, VmDefinition d, Context ctx, Collector<IdentityMessage> out) {
        String vmKey = Keys.vmKey(d.getUuid(), d.getInstanceId(), d.getName());
        if (vmKey == null) {
            skip("definitionWithoutIdentity");
            return;
        }
        if (definitions != null) definitions.inc();
        Set<String> aliases = new LinkedHashSet<>();
        for (Nic nic : d.getNics() == null ? java.util.List.<Nic>of() : d.getNics()) {
            String mac = Macs.canonical(nic.getMac());
            if (mac == null) {
                skip("nicWithInvalidMac");
                continue;
            }
            aliases.add(Keys.mac(mac));
            staticAddresses(e, nic, mac, out);
        }
        if (d.getName() != null && !d.getName().isBlank()) aliases.add(Keys.name(d.getName()));
        if (d.getInstanceId() != null && !d.getInstanceId().isBlank()) aliases.add(Keys.instance(d.getInstanceId()));
        if (d.getUuid() != null && !d.getUuid().isBlank()) aliases.add(Keys.uuid(d.getUuid()));
        for (String alias : aliases) ctx.output(TO_DIRECTORY, fact(e, MessageKind.DEFINITION, alias, vmKey));
        ctx.output(TO_VM, fact(e, MessageKind.DEFINITION, vmKey, vmKey));
    }

    /** Addresses a definition states for a NIC (inventory, static IPs) are bindings from the definition on. */
    private void staticAddresses(NormalizedEvent e, Nic nic, String mac, Collector<IdentityMessage> out) {
        for (String raw : nic.getAddresses() == null ? java.util.List.<String>of() : nic.getAddresses()) {
            String addr = Addresses.canonical(raw);
            if (addr == null) {
                skip("nicWithInvalidAddress");
                continue;
            }
            String network = nic.getNetwork() != null ? nic.getNetwork() : nic.getBridge();
            String scope = scopeOf(e, network);
            IdentityMessage m = new IdentityMessage();
            m.kind = MessageKind.BINDING;
            m.key = Keys.address(scope, addr);
            m.time = e.getEventTime();
            m.order = e.getEventId() + "/" + mac + "/" + addr;
            m.event = e;
            m.scope = scope;
            m.address = addr;
            m.action = BindingAction.BIND;
            m.leaseMillis = Long.MAX_VALUE;
            m.holder = Keys.mac(mac);
            if (bindings != null) bindings.inc();
            out.collect(m);
        }
    }

    private void routeLifecycle(NormalizedEvent e, VmLifecycle l, Context ctx) {
        if (lifecycles != null) lifecycles.inc();
        if (l.getUuid() != null && !l.getUuid().isBlank()) {
            String vmKey = Keys.vmKey(l.getUuid(), null, null);
            ctx.output(TO_VM, fact(e, MessageKind.LIFECYCLE, vmKey, vmKey));
        } else if (l.getInstanceId() != null && !l.getInstanceId().isBlank()) {
            ctx.output(TO_DIRECTORY, fact(e, MessageKind.LIFECYCLE, Keys.instance(l.getInstanceId()), null));
        } else if (l.getName() != null && !l.getName().isBlank()) {
            ctx.output(TO_DIRECTORY, fact(e, MessageKind.LIFECYCLE, Keys.name(l.getName()), null));
        } else {
            skip("lifecycleWithoutVm");
        }
    }

    private static IdentityMessage fact(NormalizedEvent e, MessageKind kind, String key, String vmKey) {
        IdentityMessage m = new IdentityMessage();
        m.kind = kind;
        m.key = key;
        m.time = e.getEventTime();
        m.order = e.getEventId();
        m.event = e;
        m.vmKey = vmKey;
        return m;
    }
}
