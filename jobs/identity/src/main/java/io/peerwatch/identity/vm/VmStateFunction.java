package io.peerwatch.identity.vm;

import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.identity.directory.Definitions;
import io.peerwatch.identity.ordered.EventTimeOrderedFunction;
import io.peerwatch.identity.output.Sides;
import io.peerwatch.identity.route.IdentityMessage;
import io.peerwatch.identity.route.Keys;
import io.peerwatch.identity.route.MessageKind;
import io.peerwatch.identity.timeline.AddressTimeline;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.LifecycleState;
import io.peerwatch.schema.VmDefinition;
import io.peerwatch.schema.VmIdentity;
import io.peerwatch.schema.VmLifecycle;
import io.peerwatch.schema.VmRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Step 3, keyed by vmKey: the VM's lifecycle (which hypervisor host it was on when) and its current identity.
 * Event sides arriving with their VM get the host as of the event's start and leave as AttributedEvent; every
 * change of definition, host or addresses emits a VmIdentity (side output) for the compacted identity topic.
 */
public class VmStateFunction extends EventTimeOrderedFunction<AttributedEvent> {
    private static final long serialVersionUID = 1L;

    public static final String STATE = "vm-state";
    public static final OutputTag<VmIdentity> IDENTITIES = new OutputTag<>("vm-identities") {};

    private static final Comparator<LifecycleEntry> LIFECYCLE_ORDER =
            Comparator.comparingLong((LifecycleEntry l) -> l.time).thenComparing(l -> l.order);
    private static final Comparator<BindingRef> ADDRESS_ORDER = Comparator.comparing(BindingRef::getScope)
            .thenComparing(BindingRef::getAddress).thenComparingLong(BindingRef::getValidFrom);

    private final IdentityConfig cfg;
    private transient ValueState<VmState> state;
    private transient Counter attributed, identities;

    public VmStateFunction(IdentityConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        state = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE, TypeInformation.of(VmState.class)));
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("identity").addGroup("vm");
        attributed = g.counter("sidesAttributed");
        identities = g.counter("identitiesEmitted");
    }

    @Override
    protected void handle(IdentityMessage m, long now, OnTimerContext ctx, Collector<AttributedEvent> out) throws Exception {
        VmState s = state.value();
        if (s == null) s = new VmState();
        switch (m.kind) {
            case DEFINITION -> {
                if (m.time > s.definitionTime || (m.time == s.definitionTime
                        && (s.definitionOrder == null || m.order.compareTo(s.definitionOrder) >= 0))) {
                    s.definition = (VmDefinition) m.event.getBody();
                    s.definitionTime = m.time;
                    s.definitionOrder = m.order;
                }
            }
            case LIFECYCLE -> {
                VmLifecycle l = (VmLifecycle) m.event.getBody();
                String host = l.getHost();
                // a start or resume logged by a hypervisor's own daemon happened on that host
                if (host == null && (l.getState() == LifecycleState.STARTED || l.getState() == LifecycleState.RESUMED)) {
                    host = m.event.getSensor();
                }
                s.lifecycle.add(new LifecycleEntry(m.event.getEventTime(), m.order, l.getState().name(), host));
                s.lifecycle.sort(LIFECYCLE_ORDER);
            }
            case NIC_UPDATE -> {
                s.nics.removeIf(n -> n.nic.equals(m.nic));
                if (!m.bindings.isEmpty()) s.nics.add(new NicBindings(m.nic, m.bindings));
                if (m.vm != null && s.definition == null) s.lastKnown = m.vm;
            }
            case NIC_REMOVED -> s.nics.removeIf(n -> n.nic.equals(m.nic));
            default -> { }
        }
        // a lookup changes the identity only when it shows something new (first sighting, a new address)
        boolean identityMayChange = m.kind != MessageKind.LOOKUP || attribute(s, m, out);
        s.lastActivity = Math.max(s.lastActivity, now);
        if (identityMayChange) emitIdentity(s, ctx.getCurrentKey(), now, ctx);
        save(s, ctx);
    }

    /** Emits the attributed side; true when the VM's identity may have changed. */
    private boolean attribute(VmState s, IdentityMessage m, Collector<AttributedEvent> out) {
        VmRef vm = m.vm;
        String host = hostAt(s, m.lookupFrom);
        if (host != null && vm != null && !host.equals(vm.getHypervisorHost())) {
            vm = VmRef.newBuilder(vm).setHypervisorHost(host).build();
        }
        boolean changed = false;
        if (s.definition == null && m.vm != null && !m.vm.equals(s.lastKnown)) {
            s.lastKnown = m.vm;
            changed = true;
        }
        if (m.holder != null && m.holder.startsWith(Keys.INSTANCE) && m.binding != null) changed |= observe(s, m);
        attributed.inc();
        out.collect(Sides.attributed(m, m.vmKey, vm, m.binding));
        return changed;
    }

    /** A cloud flow log showed the instance using this address: part of its identity while it keeps using it. */
    private static boolean observe(VmState s, IdentityMessage m) {
        for (ObservedAddress o : s.observed) {
            BindingRef b = o.binding;
            if (b.getScope().equals(m.binding.getScope()) && b.getAddress().equals(m.binding.getAddress())) {
                o.lastSeen = Math.max(o.lastSeen, m.lookupTo);
                return false;
            }
        }
        BindingRef ref = BindingRef.newBuilder(m.binding).setValidTo(null).build();
        s.observed.add(new ObservedAddress(ref, m.lookupTo));
        return true;
    }

    /** Host after the latest lifecycle event at or before t that names one. */
    static String hostAt(VmState s, long t) {
        String host = null;
        for (LifecycleEntry l : s.lifecycle) {
            if (l.time > t) break;
            if (l.host != null) host = l.host;
        }
        return host;
    }

    private void emitIdentity(VmState s, String vmKey, long now, OnTimerContext ctx) {
        VmRef base = s.definition != null ? Definitions.vmRef(s.definition, null, null, null) : s.lastKnown;
        if (base == null) return;
        String host = hostAt(s, now);
        VmRef vm = host == null ? base : VmRef.newBuilder(base).setHypervisorHost(host).build();
        List<BindingRef> addresses = new ArrayList<>();
        for (NicBindings n : s.nics) addresses.addAll(n.bindings);
        for (ObservedAddress o : s.observed) addresses.add(o.binding);
        addresses.sort(ADDRESS_ORDER);
        VmIdentity id = new VmIdentity(vmKey, vm, addresses, 0L);
        long fingerprint = Fingerprint.of(id);
        if (s.lastIdentity != null && fingerprint == s.lastIdentity) return;
        s.lastIdentity = fingerprint;
        id.setUpdatedAt(now);
        identities.inc();
        ctx.output(IDENTITIES, id);
    }

    @Override
    protected void afterMessages(long now, OnTimerContext ctx, Collector<AttributedEvent> out) throws Exception {
        VmState s = state.value();
        if (s == null) return;
        if (now >= s.wakeAt) s.wakeAt = NO_WAKE; // this wake-up is used; save() sets the next
        long retention = cfg.bindingRetention().toMillis();
        boolean changed = s.observed.removeIf(o -> AddressTimeline.saturatedAdd(o.lastSeen, retention) <= now);
        pruneLifecycle(s, now - retention);
        if (!s.holdsAddresses() && AddressTimeline.saturatedAdd(s.lastActivity, cfg.vmRetention().toMillis()) <= now) {
            moveWake(s.wakeAt, NO_WAKE, ctx);
            state.clear();
            return;
        }
        if (changed) emitIdentity(s, ctx.getCurrentKey(), now, ctx);
        save(s, ctx);
    }

    /** Keeps the lifecycle events after {@code before} and the latest one naming a host before it. */
    private static void pruneLifecycle(VmState s, long before) {
        int lastHostBefore = -1;
        for (int i = 0; i < s.lifecycle.size(); i++) {
            LifecycleEntry l = s.lifecycle.get(i);
            if (l.time > before) break;
            if (l.host != null) lastHostBefore = i;
        }
        List<LifecycleEntry> kept = new ArrayList<>();
        for (int i = 0; i < s.lifecycle.size(); i++) {
            LifecycleEntry l = s.lifecycle.get(i);
            if (l.time > before || i == lastHostBefore) kept.add(l);
        }
        s.lifecycle = kept;
    }

    private void save(VmState s, OnTimerContext ctx) throws Exception {
        long due = AddressTimeline.saturatedAdd(s.lastActivity, cfg.vmRetention().toMillis());
        long retention = cfg.bindingRetention().toMillis();
        for (ObservedAddress o : s.observed) due = Math.min(due, AddressTimeline.saturatedAdd(o.lastSeen, retention));
        s.wakeAt = moveWake(s.wakeAt, due, ctx);
        state.update(s);
    }
}
