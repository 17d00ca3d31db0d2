package io.peerwatch.identity.route;

/**
 * What an internal message carries. The declaration order is the processing order of messages with the same
 * time: identity facts first, then the changes they cause, lookups last, so an event at time t sees every
 * fact with time <= t.
 */
public enum MessageKind {
    /** An address binding fact (DHCP bind/renew/release/expire, lease snapshot, static NIC address). */
    BINDING,
    /** A VM definition, delivered to each of its aliases and to its VM. */
    DEFINITION,
    /** A VM lifecycle event (started, stopped, migrated: host). */
    LIFECYCLE,
    /** A binding of a holder opened or closed (address timeline to directory), for the identity topic. */
    BINDING_CHANGE,
    /** The current bindings of one NIC of a VM (directory to VM state). */
    NIC_UPDATE,
    /** A NIC no longer belongs to this VM (its MAC is now defined for another VM). */
    NIC_REMOVED,
    /** One side of an event to attribute. */
    LOOKUP
}
