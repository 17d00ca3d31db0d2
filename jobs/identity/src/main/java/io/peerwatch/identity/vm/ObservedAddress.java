package io.peerwatch.identity.vm;

import io.peerwatch.schema.BindingRef;

/** An address a cloud flow log showed an instance using, and when it was last seen (a Flink POJO). */
public class ObservedAddress {
    public BindingRef binding;
    public long lastSeen;

    public ObservedAddress() {}

    public ObservedAddress(BindingRef binding, long lastSeen) {
        this.binding = binding;
        this.lastSeen = lastSeen;
    }
}
