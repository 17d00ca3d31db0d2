package io.peerwatch.identity.testing;

import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.identity.directory.VmDirectoryFunction;
import io.peerwatch.identity.route.EventRouter;
import io.peerwatch.identity.route.IdentityMessage;
import io.peerwatch.identity.timeline.AddressTimelineFunction;
import io.peerwatch.identity.vm.VmStateFunction;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.VmIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;

/**
 * The four steps of the pipeline in operator test harnesses, wired by hand, so a test can drive watermarks
 * like a live stream and look at each step's keyed state and timers.
 */
public final class StepChain implements AutoCloseable {
    public final OneInputStreamOperatorTestHarness<NormalizedEvent, IdentityMessage> router;
    public final KeyedOneInputStreamOperatorTestHarness<String, IdentityMessage, IdentityMessage> address;
    public final KeyedOneInputStreamOperatorTestHarness<String, IdentityMessage, IdentityMessage> directory;
    public final KeyedOneInputStreamOperatorTestHarness<String, IdentityMessage, AttributedEvent> vm;
    private final List<AttributedEvent> attributed = new ArrayList<>();
    public final List<VmIdentity> identities = new ArrayList<>();

    private static final KeySelector<IdentityMessage, String> KEY = m -> m.key;

    public StepChain(IdentityConfig cfg) throws Exception {
        router = ProcessFunctionTestHarnesses.forProcessFunction(new EventRouter(cfg));
        address = keyed(new KeyedProcessOperator<>(new AddressTimelineFunction(cfg)));
        directory = keyed(new KeyedProcessOperator<>(new VmDirectoryFunction(cfg)));
        vm = keyed(new KeyedProcessOperator<>(new VmStateFunction(cfg)));
    }

    private static <O> KeyedOneInputStreamOperatorTestHarness<String, IdentityMessage, O> keyed(
            KeyedProcessOperator<String, IdentityMessage, O> op) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, IdentityMessage, O> h =
                new KeyedOneInputStreamOperatorTestHarness<>(op, KEY, Types.STRING);
        h.open();
        return h;
    }

    public void send(NormalizedEvent e) throws Exception {
        router.processElement(e, e.getEventTime());
        for (IdentityMessage m : drain(router)) address.processElement(m, m.time);
        for (IdentityMessage m : drainSide(router, EventRouter.TO_DIRECTORY)) directory.processElement(m, m.time);
        for (IdentityMessage m : drainSide(router, EventRouter.TO_VM)) vm.processElement(m, m.time);
    }

    /** Advances event time through the steps in order, as Flink forwards a watermark. */
    public void watermark(long t) throws Exception {
        address.processWatermark(t);
        for (IdentityMessage m : drain(address)) directory.processElement(m, m.time);
        attributed.addAll(drainSide(address, AddressTimelineFunction.UNATTRIBUTED));
        directory.processWatermark(t);
        for (IdentityMessage m : drain(directory)) vm.processElement(m, m.time);
        attributed.addAll(drainSide(directory, VmDirectoryFunction.UNATTRIBUTED));
        vm.processWatermark(t);
        attributed.addAll(drain(vm));
        identities.addAll(drainSide(vm, VmStateFunction.IDENTITIES));
    }

    @SuppressWarnings("unchecked")
    private static <O> List<O> drain(OneInputStreamOperatorTestHarness<?, O> h) {
        List<O> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) out.add((O) r.getValue());
        }
        h.getOutput().clear();
        return out;
    }

    private static <X> List<X> drainSide(OneInputStreamOperatorTestHarness<?, ?> h, OutputTag<X> tag) {
        List<X> out = new ArrayList<>();
        Queue<StreamRecord<X>> q = h.getSideOutput(tag);
        if (q == null) return out;
        for (StreamRecord<X> r : q) out.add(r.getValue());
        q.clear();
        return out;
    }

    /** Everything the pipeline emitted so far (attributed and unattributed sides). */
    public List<AttributedEvent> attributed() {
        return attributed;
    }

    /** Keyed state entries and event-time timers left in the three keyed steps. */
    public int stateEntries() {
        return address.numKeyedStateEntries() + directory.numKeyedStateEntries() + vm.numKeyedStateEntries();
    }

    public int timers() {
        return address.numEventTimeTimers() + directory.numEventTimeTimers() + vm.numEventTimeTimers();
    }

    @Override
    public void close() throws Exception {
        router.close();
        address.close();
        directory.close();
        vm.close();
    }
}
