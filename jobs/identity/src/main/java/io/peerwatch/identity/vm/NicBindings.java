package io.peerwatch.identity.vm;

import io.peerwatch.schema.BindingRef;
import java.util.ArrayList;
import java.util.List;

/** The open bindings of one NIC (alias) of a VM (a Flink POJO kept in state). */
public class NicBindings {
    public String nic;
    public List<BindingRef> bindings = new ArrayList<>();

    public NicBindings() {}

    public NicBindings(String nic, List<BindingRef> bindings) {
        this.nic = nic;
        this.bindings = new ArrayList<>(bindings);
    }
}
