package io.peerwatch.identity.timeline;

import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.identity.ordered.EventTimeOrderedFunction;
import io.peerwatch.identity.output.Sides;
import io.peerwatch.identity.route.IdentityMessage;
import io.peerwatch.identity.route.Keys;
import io.peerwatch.identity.route.MessageKind;
import io.peerwatch.schema.AttributedEvent;
import java.util.Iterator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Step 1, keyed by "scope|address": the binding timeline of one address, and the as-of lookup of the event
 * sides that used it. A side whose time a tenure covers goes on (main output) to the directory, keyed by the
 * holder (MAC); one without waits up to holdFor for a binding that covers it, then leaves unattributed (side
 * output) when the address is private, or is counted as a remote peer when it is public. Tenures that open or
 * end go to the directory as BINDING_CHANGE for the identity topic.
 */
public class AddressTimelineFunction extends EventTimeOrderedFunction<IdentityMessage> {
    private static final long serialVersionUID = 1L;

    public static final String STATE = "address-timeline";
    public static final OutputTag<AttributedEvent> UNATTRIBUTED = new OutputTag<>("unattributed-by-address") {};

    private final IdentityConfig cfg;
    private transient AddressTimeline rules;
    private transient ValueState<AddressState> state;
    private transient Counter resolved, held, unattributed, remotePeers;

    public AddressTimelineFunction(IdentityConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        rules = new AddressTimeline(cfg.holdFor().toMillis(), cfg.defaultLease().toMillis(), cfg.bindingRetention().toMillis());
        state = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE, TypeInformation.of(AddressState.class)));
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("identity").addGroup("address");
        resolved = g.counter("sidesResolved");
        held = g.counter("sidesHeld");
        unattributed = g.counter("sidesUnattributed");
        remotePeers = g.counter("sidesRemotePeer");
    }

    @Override
    protected void handle(IdentityMessage m, long now, OnTimerContext ctx, Collector<IdentityMessage> out) throws Exception {
        if (m.kind == MessageKind.BINDING) {
            AddressState s = stateFor(m);
            for (AddressTimeline.Change c : rules.apply(s, m)) emitChange(s, c, now, out);
            releaseCovered(s, now, out);
            save(s, ctx);
        } else if (m.kind == MessageKind.LOOKUP) {
            lookup(m, now, ctx, out);
        }
    }

    private AddressState stateFor(IdentityMessage m) throws Exception {
        AddressState s = state.value();
        if (s == null) {
            s = new AddressState();
            s.scope = m.scope;
            s.address = m.address;
        }
        return s;
    }

    private void lookup(IdentityMessage m, long now, OnTimerContext ctx, Collector<IdentityMessage> out) throws Exception {
        AddressState s = state.value();
        if (s == null) {
            // nothing known about this address: a public one is a remote peer, a private one may get a binding
            if (m.privateAddress && rules.holdFor() > 0) {
                s = stateFor(m);
                hold(s, m, now);
                save(s, ctx);
            } else {
                finish(m, AddressTimeline.NO_BINDING, ctx);
            }
            return;
        }
        AddressTimeline.Resolution r = rules.resolve(s, m.lookupFrom, m.lookupTo);
        if (r.interval() != null) {
            out.collect(resolvedSide(s, m, r.interval(), now));
        } else if (rules.holdFor() > 0 && !AddressTimeline.HISTORY_EXPIRED.equals(r.reason())) {
            hold(s, m, now);
            save(s, ctx);
        } else {
            finish(m, r.reason(), ctx);
        }
    }

    private void hold(AddressState s, IdentityMessage m, long now) {
        IdentityMessage h = m.copy();
        h.deadline = AddressTimeline.saturatedAdd(now, rules.holdFor());
        s.held.add(h);
        held.inc();
    }

    /** A side that found no binding: unattributed if the address is private, a remote peer otherwise. */
    private void finish(IdentityMessage m, String reason, OnTimerContext ctx) {
        if (m.privateAddress) {
            unattributed.inc();
            ctx.output(UNATTRIBUTED, Sides.unattributed(m, reason, Keys.unattributedAddress(m.scope, m.address)));
        } else {
            remotePeers.inc();
        }
    }

    private IdentityMessage resolvedSide(AddressState s, IdentityMessage m, BindingInterval i, long now) {
        resolved.inc();
        IdentityMessage r = m.copy();
        r.key = i.holder;
        r.holder = i.holder;
        r.time = now;
        r.deadline = 0;
        r.binding = i.toRef(s.scope, s.address);
        r.hostnameHint = i.hostname;
        r.vmUuidHint = i.vmUuid;
        r.vmNameHint = i.vmName;
        r.instanceHint = i.instanceId;
        return r;
    }

    private void releaseCovered(AddressState s, long now, Collector<IdentityMessage> out) {
        for (Iterator<IdentityMessage> it = s.held.iterator(); it.hasNext(); ) {
            IdentityMessage h = it.next();
            AddressTimeline.Resolution r = rules.resolve(s, h.lookupFrom, h.lookupTo);
            if (r.interval() != null) {
                out.collect(resolvedSide(s, h, r.interval(), now));
                it.remove();
            }
        }
    }

    private void emitChange(AddressState s, AddressTimeline.Change c, long now, Collector<IdentityMessage> out) {
        if (c.interval().holder == null) return;
        IdentityMessage m = new IdentityMessage();
        m.kind = MessageKind.BINDING_CHANGE;
        m.key = c.interval().holder;
        m.holder = c.interval().holder;
        m.time = now;
        m.order = s.scope + "|" + s.address + "|" + c.interval().validFrom + (c.open() ? "|open" : "|ended");
        m.scope = s.scope;
        m.address = s.address;
        m.bindingOpen = c.open();
        m.binding = c.open() ? c.interval().toRef(s.scope, s.address) : c.interval().toEndedRef(s.scope, s.address, c.endedAt());
        out.collect(m);
    }

    @Override
    protected void afterMessages(long now, OnTimerContext ctx, Collector<IdentityMessage> out) throws Exception {
        AddressState s = state.value();
        if (s == null) return;
        if (now >= s.wakeAt) s.wakeAt = NO_WAKE; // this wake-up has fired; save() sets the next
        for (Iterator<IdentityMessage> it = s.held.iterator(); it.hasNext(); ) {
            IdentityMessage h = it.next();
            if (h.deadline <= now) {
                it.remove();
                AddressTimeline.Resolution r = rules.resolve(s, h.lookupFrom, h.lookupTo);
                if (r.interval() != null) {
                    out.collect(resolvedSide(s, h, r.interval(), now));
                } else {
                    finish(h, r.reason(), ctx);
                }
            }
        }
        for (AddressTimeline.Change c : rules.lapse(s, now)) emitChange(s, c, now, out);
        rules.expire(s, now);
        save(s, ctx);
    }

    private void save(AddressState s, OnTimerContext ctx) throws Exception {
        if (s.isEmpty()) {
            moveWake(s.wakeAt, NO_WAKE, ctx);
            state.clear();
            return;
        }
        s.wakeAt = moveWake(s.wakeAt, rules.nextDue(s), ctx);
        state.update(s);
    }
}
