package io.peerwatch.identity.directory;

import io.peerwatch.identity.route.IdentityMessage;
import io.peerwatch.schema.BindingRef;
import java.util.ArrayList;
import java.util.List;

/** State of one VM alias (mac:.., name:.., instance:.., uuid:..). */
public class AliasState {
    /** Definitions naming this alias, by time then order. */
    public List<DefinitionEntry> definitions = new ArrayList<>();
    /** Lookups and lifecycle events waiting for a definition. */
    public List<IdentityMessage> held = new ArrayList<>();
    /** Open address bindings held by this alias (a NIC), for the identity topic. */
    public List<BindingRef> openBindings = new ArrayList<>();
    /** The VM this NIC was last reported under, so a MAC moving to another VM is removed from the old one. */
    public String reportedVmKey;
    public long lastActivity = Long.MIN_VALUE;
    /** The cleanup timer that is registered (one at a time: activity only moves it later). */
    public long wakeAt = Long.MIN_VALUE;

    public AliasState() {}

    public boolean isIdle() {
        return held.isEmpty() && openBindings.isEmpty();
    }
}
