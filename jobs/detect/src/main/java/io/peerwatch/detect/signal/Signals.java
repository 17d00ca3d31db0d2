package io.peerwatch.detect.signal;

import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.Signal;
import io.peerwatch.schema.VmSide;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** Builds signals that carry the VM, the address binding and the local/remote view of the event they came from. */
public final class Signals {
    private Signals() {}

    public static Signal.Builder from(AttributedEvent e, String kind, double weight, String summary) {
        VmSide side = e.getSide();
        List<EvidenceRef> evidence = new ArrayList<>(1);
        evidence.add(EvidenceRefs.of(e.getEvent(), summary));
        return Signal.newBuilder()
                .setVmKey(side.getVmKey())
                .setVm(side.getVm())
                .setBinding(side.getBinding())
                .setTime(e.getEvent().getEventTime())
                .setKind(kind)
                .setProto(null)
                .setLocalPort(side.getLocalPort())
                .setRemoteIp(side.getRemoteIp())
                .setRemotePort(side.getRemotePort())
                .setBytesOut(side.getBytesOut())
                .setBytesIn(side.getBytesIn())
                .setCount(1)
                .setWeight(weight)
                .setAttributes(new HashMap<>())
                .setEvidence(evidence);
    }
}
