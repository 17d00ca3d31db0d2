package io.peerwatch.identity.directory;

import io.peerwatch.schema.VmDefinition;

/** One definition of a VM as seen under one alias, at its event time (a Flink POJO kept in state). */
public class DefinitionEntry {
    public long time;
    public String order;
    public String vmKey;
    public VmDefinition definition;

    public DefinitionEntry() {}

    public DefinitionEntry(long time, String order, String vmKey, VmDefinition definition) {
        this.time = time;
        this.order = order;
        this.vmKey = vmKey;
        this.definition = definition;
    }
}
