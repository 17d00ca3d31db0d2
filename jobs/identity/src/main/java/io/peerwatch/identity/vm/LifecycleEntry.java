package io.peerwatch.identity.vm;

/** One lifecycle event of a VM (a Flink POJO kept in state). */
public class LifecycleEntry {
    public long time;
    public String order;
    public String state;
    /** Hypervisor host the VM is on after the event; null when the event does not say. */
    public String host;

    public LifecycleEntry() {}

    public LifecycleEntry(long time, String order, String state, String host) {
        this.time = time;
        this.order = order;
        this.state = state;
        this.host = host;
    }
}
