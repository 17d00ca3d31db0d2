package io.peerwatch.identity.route;

import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.VmRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The one message type between the keyed steps (a Flink POJO: public fields, Avro records inside, no Kryo).
 * Which fields are set depends on {@link #kind}: see where {@link EventRouter} and the keyed steps create them.
 */
public class IdentityMessage {
    /** Key of the step that receives this message (see {@link Keys}). */
    public String key;
    public MessageKind kind;
    /** Event time at which the receiving step processes this message. */
    public long time;
    /** Deterministic tie-break among messages of the same key, time and kind (event id and side). */
    public String order;

    /** The event this message is about: the flow/app event (LOOKUP), or the identity fact. */
    public NormalizedEvent event;

    // LOOKUP: which side of the event, on which network, and the time interval to resolve as of
    public boolean srcSide;
    public String scope;
    public String address;
    public boolean privateAddress;
    public long lookupFrom;
    public long lookupTo;

    /** BINDING: what the fact says, and the lease length in millis (-1 unknown, Long.MAX_VALUE static). */
    public io.peerwatch.schema.BindingAction action;
    public long leaseMillis = -1;

    /** BINDING, LOOKUP after the address step: alias of the holder (mac:.., instance:.., uuid:..). */
    public String holder;
    /** LOOKUP: the binding used; BINDING_CHANGE: the binding that opened or closed. */
    public BindingRef binding;
    /** BINDING_CHANGE: true when the binding opened, false when it ended. */
    public boolean bindingOpen;
    /** Identity hints a binding itself carried (DHCP hostname, OpenStack port's VM). */
    public String hostnameHint;
    public String vmUuidHint;
    public String vmNameHint;
    public String instanceHint;

    /** LOOKUP after the directory, NIC_UPDATE: the VM as of the event's time, and its key. */
    public VmRef vm;
    public String vmKey;

    /** NIC_UPDATE: the open bindings of the NIC named by {@link #nic}. */
    public List<BindingRef> bindings = new ArrayList<>();
    public String nic;

    /** Held messages: event time at which waiting ends. */
    public long deadline;

    public IdentityMessage() {}

    /** A shallow copy: Avro records inside are shared (never mutated after creation). */
    public IdentityMessage copy() {
        IdentityMessage m = new IdentityMessage();
        m.key = key;
        m.kind = kind;
        m.time = time;
        m.order = order;
        m.event = event;
        m.srcSide = srcSide;
        m.scope = scope;
        m.address = address;
        m.privateAddress = privateAddress;
        m.lookupFrom = lookupFrom;
        m.lookupTo = lookupTo;
        m.action = action;
        m.leaseMillis = leaseMillis;
        m.holder = holder;
        m.binding = binding;
        m.bindingOpen = bindingOpen;
        m.hostnameHint = hostnameHint;
        m.vmUuidHint = vmUuidHint;
        m.vmNameHint = vmNameHint;
        m.instanceHint = instanceHint;
        m.vm = vm;
        m.vmKey = vmKey;
        m.bindings = new ArrayList<>(bindings == null ? List.of() : bindings);
        m.nic = nic;
        m.deadline = deadline;
        return m;
    }

    @Override
    public String toString() {
        return "IdentityMessage{" + kind + " key=" + key + " t=" + time + " order=" + order + "}";
    }
}
