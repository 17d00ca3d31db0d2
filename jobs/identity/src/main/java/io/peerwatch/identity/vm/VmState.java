package io.peerwatch.identity.vm;

import io.peerwatch.schema.VmDefinition;
import io.peerwatch.schema.VmRef;
import java.util.ArrayList;
import java.util.List;

/** State of one VM (keyed by vmKey): definition, lifecycle (host over time), addresses for the identity topic. */
public class VmState {
    public VmDefinition definition;
    public long definitionTime = Long.MIN_VALUE;
    public String definitionOrder;
    /** What lookups and NIC updates said about the VM, for VMs whose definition this step has not seen. */
    public VmRef lastKnown;
    public List<LifecycleEntry> lifecycle = new ArrayList<>();
    public List<NicBindings> nics = new ArrayList<>();
    public List<ObservedAddress> observed = new ArrayList<>();
    /** Fingerprint of the last identity emitted, so unchanged identities are not repeated. */
    public Long lastIdentity;
    public long lastActivity = Long.MIN_VALUE;
    /** The cleanup timer that is registered (one at a time: activity only moves it later). */
    public long wakeAt = Long.MIN_VALUE;

    public VmState() {}

    public boolean holdsAddresses() {
        for (NicBindings n : nics) if (!n.bindings.isEmpty()) return true;
        return !observed.isEmpty();
    }
}
