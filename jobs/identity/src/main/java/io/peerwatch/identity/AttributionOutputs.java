package io.peerwatch.identity;

import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.VmIdentity;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What attribution produces: one AttributedEvent per VM side of each flow/app event (attributed or not), and
 * the current identity per VM (for a compacted topic keyed by vmKey).
 */
public final class AttributionOutputs {
    private final DataStream<AttributedEvent> attributed;
    private final DataStream<VmIdentity> identities;

    public AttributionOutputs(DataStream<AttributedEvent> attributed, DataStream<VmIdentity> identities) {
        this.attributed = attributed;
        this.identities = identities;
    }

    public DataStream<AttributedEvent> attributed() { return attributed; }

    public DataStream<VmIdentity> identities() { return identities; }
}
