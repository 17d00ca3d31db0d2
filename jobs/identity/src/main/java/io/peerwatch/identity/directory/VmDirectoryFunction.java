package io.peerwatch.identity.directory;

import io.peerwatch.common.Formats;
import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.identity.ordered.EventTimeOrderedFunction;
import io.peerwatch.identity.output.Sides;
import io.peerwatch.identity.route.IdentityMessage;
import io.peerwatch.identity.route.Keys;
import io.peerwatch.identity.route.MessageKind;
import io.peerwatch.identity.timeline.AddressTimeline;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.VmDefinition;
import io.peerwatch.schema.VmLifecycle;
import io.peerwatch.schema.VmRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Step 2, keyed by VM alias (mac:.., name:.., instance:.., uuid:..): which VM an alias named at a time. Event
 * sides resolved to a MAC (or named by a cloud flow log's instance id, or a guest hostname) and lifecycle events
 * known only by name get their VM here and go on to VM state keyed by vmKey. Definitions become visible on
 * arrival (they describe a VM rather than an instant and often carry no time), while everything they cause
 * (releasing waiting events, identity updates) happens in event-time order.
 */
public class VmDirectoryFunction extends EventTimeOrderedFunction<IdentityMessage> {
    private static final long serialVersionUID = 1L;

    public static final String STATE = "vm-directory";
    public static final OutputTag<AttributedEvent> UNATTRIBUTED = new OutputTag<>("unattributed-by-name") {};

    /** Reason of a process start whose hostname names no known VM. */
    public static final String NO_VM_NAMED = "no-vm-with-this-name";

    private final IdentityConfig cfg;
    private transient ValueState<AliasState> state;
    private transient Counter resolved, withoutDefinition, lifecycleUnknownVm, unattributed;

    public VmDirectoryFunction(IdentityConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        state = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE, TypeInformation.of(AliasState.class)));
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("identity").addGroup("directory");
        resolved = g.counter("sidesWithVm");
        withoutDefinition = g.counter("sidesWithoutDefinition");
        lifecycleUnknownVm = g.counter("lifecycleForUnknownVm");
        unattributed = g.counter("sidesUnattributed");
    }

    @Override
    protected void onArrival(IdentityMessage m) throws Exception {
        if (m.kind != MessageKind.DEFINITION) return;
        AliasState s = current();
        if (Definitions.insert(s.definitions, entry(m))) state.update(s);
    }

    private AliasState current() throws Exception {
        AliasState s = state.value();
        return s == null ? new AliasState() : s;
    }

    private static DefinitionEntry entry(IdentityMessage m) {
        return new DefinitionEntry(m.time, m.order, m.vmKey, (VmDefinition) m.event.getBody());
    }

    @Override
    protected void handle(IdentityMessage m, long now, OnTimerContext ctx, Collector<IdentityMessage> out) throws Exception {
        AliasState s = current();
        String alias = ctx.getCurrentKey();
        switch (m.kind) {
            case DEFINITION -> {
                Definitions.insert(s.definitions, entry(m));
                releaseResolvable(s, alias, now, out);
                reportNic(s, alias, now, out);
            }
            case BINDING_CHANGE -> {
                s.openBindings.removeIf(b -> sameBinding(b, m.binding));
                if (m.bindingOpen) s.openBindings.add(m.binding);
                // report the change even when the NIC's VM did not change
                if (!reportNic(s, alias, now, out) && s.reportedVmKey != null) {
                    IdentityMessage update = nicUpdate(s, alias, s.reportedVmKey, now);
                    DefinitionEntry d = Definitions.asOf(s.definitions, now);
                    if (d != null) update.vm = Definitions.vmRef(d.definition, alias, null, null);
                    out.collect(update);
                }
            }
            case LOOKUP, LIFECYCLE -> {
                if (!forward(s, alias, m, now, out)) {
                    if (m.kind == MessageKind.LOOKUP && alias.startsWith(Keys.INSTANCE)) {
                        // a cloud flow log already names its instance: no need to wait for inventory
                        out.collect(withoutDefinition(m, alias, now));
                    } else if (cfg.definitionWait().isZero()) {
                        giveUp(m, alias, now, ctx, out);
                    } else {
                        IdentityMessage h = m.copy();
                        h.deadline = AddressTimeline.saturatedAdd(now, cfg.definitionWait().toMillis());
                        s.held.add(h);
                    }
                }
            }
            default -> { }
        }
        s.lastActivity = Math.max(s.lastActivity, now);
        save(s, ctx, now);
    }

    /** Sends a lookup or lifecycle event on to its VM; false when no definition names this alias yet. */
    private boolean forward(AliasState s, String alias, IdentityMessage m, long now, Collector<IdentityMessage> out) {
        long asOf = m.kind == MessageKind.LIFECYCLE ? m.event.getEventTime() : m.lookupFrom;
        DefinitionEntry d = Definitions.asOf(s.definitions, asOf);
        if (d == null) return false;
        IdentityMessage f = m.copy();
        f.key = d.vmKey;
        f.vmKey = d.vmKey;
        f.time = now;
        f.deadline = 0;
        if (m.kind == MessageKind.LOOKUP) {
            f.vm = Definitions.vmRef(d.definition, alias, m.scope, m.binding == null ? null : m.binding.getMac());
            resolved.inc();
        }
        out.collect(f);
        return true;
    }

    private void releaseResolvable(AliasState s, String alias, long now, Collector<IdentityMessage> out) {
        for (Iterator<IdentityMessage> it = s.held.iterator(); it.hasNext(); ) {
            if (forward(s, alias, it.next(), now, out)) it.remove();
        }
    }

    /** After the wait: a side keeps its binding (the NIC is known, the VM is not), the rest is counted. */
    private void giveUp(IdentityMessage m, String alias, long now, OnTimerContext ctx, Collector<IdentityMessage> out) {
        if (m.kind == MessageKind.LIFECYCLE) {
            lifecycleUnknownVm.inc();
        } else if (alias.startsWith(Keys.NAME)) {
            unattributed.inc();
            ctx.output(UNATTRIBUTED, Sides.unattributed(m, NO_VM_NAMED, Keys.unattributedHost(m.hostnameHint)));
        } else {
            out.collect(withoutDefinition(m, alias, now));
        }
    }

    /**
     * The VM known only through the binding: its key is what the binding named (uuid, instance) or the MAC
     * itself, so later events of the same NIC still group together.
     */
    private IdentityMessage withoutDefinition(IdentityMessage m, String alias, long now) {
        withoutDefinition.inc();
        String mac = alias.startsWith(Keys.MAC) ? alias.substring(Keys.MAC.length()) : null;
        String instance = alias.startsWith(Keys.INSTANCE) ? alias.substring(Keys.INSTANCE.length()) : m.instanceHint;
        String uuid = alias.startsWith(Keys.UUID) ? alias.substring(Keys.UUID.length()) : m.vmUuidHint;
        String vmKey = Keys.vmKey(uuid, instance, m.vmNameHint);
        if (vmKey == null) vmKey = alias;
        Map<String, String> tags = new HashMap<>();
        if (m.hostnameHint != null) tags.put("dhcp-hostname", m.hostnameHint);
        String platform = m.event != null && Formats.AWS_VPC_FLOW.equals(m.event.getFormat()) ? "aws" : "unknown";
        IdentityMessage f = m.copy();
        f.key = vmKey;
        f.vmKey = vmKey;
        f.time = now;
        f.deadline = 0;
        f.vm = VmRef.newBuilder().setUuid(uuid).setName(m.vmNameHint).setInstanceId(instance).setPlatform(platform)
                .setNetwork(m.scope).setMac(mac).setTags(tags).build();
        return f;
    }

    /** Tells VM state which bindings this NIC holds, and moves the NIC when its MAC now names another VM. */
    private boolean reportNic(AliasState s, String alias, long now, Collector<IdentityMessage> out) {
        if (alias.startsWith(Keys.NAME)) return false;
        DefinitionEntry d = Definitions.asOf(s.definitions, now);
        if (d == null || Objects.equals(d.vmKey, s.reportedVmKey)) return false;
        if (s.reportedVmKey == null && s.openBindings.isEmpty()) return false; // nothing to say yet
        if (s.reportedVmKey != null) {
            IdentityMessage gone = nicUpdate(s, alias, s.reportedVmKey, now);
            gone.kind = MessageKind.NIC_REMOVED;
            gone.bindings = new ArrayList<>();
            out.collect(gone);
        }
        s.reportedVmKey = d.vmKey;
        IdentityMessage update = nicUpdate(s, alias, d.vmKey, now);
        update.vm = Definitions.vmRef(d.definition, alias, null, null);
        out.collect(update);
        return true;
    }

    private static IdentityMessage nicUpdate(AliasState s, String alias, String vmKey, long now) {
        IdentityMessage m = new IdentityMessage();
        m.kind = MessageKind.NIC_UPDATE;
        m.key = vmKey;
        m.vmKey = vmKey;
        m.nic = alias;
        m.time = now;
        m.order = alias;
        m.bindings = new ArrayList<>(s.openBindings);
        return m;
    }

    private static boolean sameBinding(BindingRef a, BindingRef b) {
        return a.getScope().equals(b.getScope()) && a.getAddress().equals(b.getAddress())
                && a.getValidFrom() == b.getValidFrom();
    }

    @Override
    protected void afterMessages(long now, OnTimerContext ctx, Collector<IdentityMessage> out) throws Exception {
        AliasState s = state.value();
        if (s == null) return;
        if (now >= s.wakeAt) s.wakeAt = NO_WAKE; // this wake-up is used; save() sets the next
        for (Iterator<IdentityMessage> it = s.held.iterator(); it.hasNext(); ) {
            IdentityMessage h = it.next();
            if (h.deadline > now) continue;
            it.remove();
            if (!forward(s, ctx.getCurrentKey(), h, now, out)) giveUp(h, ctx.getCurrentKey(), now, ctx, out);
        }
        Definitions.prune(s.definitions, now - cfg.bindingRetention().toMillis());
        if (s.isIdle() && AddressTimeline.saturatedAdd(s.lastActivity, cfg.vmRetention().toMillis()) <= now) {
            moveWake(s.wakeAt, NO_WAKE, ctx);
            state.clear();
            return;
        }
        save(s, ctx, now);
    }

    private void save(AliasState s, OnTimerContext ctx, long now) throws Exception {
        long due = AddressTimeline.saturatedAdd(s.lastActivity, cfg.vmRetention().toMillis());
        for (IdentityMessage h : s.held) due = Math.min(due, h.deadline);
        s.wakeAt = moveWake(s.wakeAt, due, ctx);
        state.update(s);
    }
}
