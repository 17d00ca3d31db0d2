package io.peerwatch.identity.timeline;

import io.peerwatch.identity.route.IdentityMessage;
import java.util.ArrayList;
import java.util.List;

/** State of one (scope, address): its binding timeline, ordered by validFrom, and the events waiting for one. */
public class AddressState {
    public String scope;
    public String address;
    public List<BindingInterval> bindings = new ArrayList<>();
    public List<IdentityMessage> held = new ArrayList<>();
    /** Bindings that ended before this were forgotten: events that started earlier cannot be judged. */
    public long historyFrom = Long.MIN_VALUE;
    /** The one timer of this key (deadlines, lease ends, forgetting), Long.MIN_VALUE when none. */
    public long wakeAt = Long.MIN_VALUE;

    public AddressState() {}

    public boolean isEmpty() {
        return bindings.isEmpty() && held.isEmpty();
    }

    /** The tenure with the latest start, or null. */
    public BindingInterval latest() {
        return bindings.isEmpty() ? null : bindings.get(bindings.size() - 1);
    }
}
