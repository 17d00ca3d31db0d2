package io.peerwatch.normalize;

import io.peerwatch.schema.NormalizedEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Live normalize job, just before the sink of {@code <prefix>.normalized}: emits this subtask's events in event-time
 * order (time, then event id), each once the watermark has passed it.
 *
 * <p>Why: a subtask reads several raw partitions and gets them in fetch-sized runs (tens of minutes of zeek-conn,
 * then the DHCP leases of the same minutes), so its output interleaves the formats far out of order. The watermark
 * does not cross Kafka: the detect job derives its own from the event times it reads per normalized partition,
 * and with out-of-order partitions a catching-up detect job treats leases and VM definitions as late and
 * attributes flows to an address instead of the VM, unlike a replay. Sorted here, and with each normalized
 * partition written by one subtask only ({@code KafkaIo.orderedAvroSink}), every normalized partition is in
 * event-time order, so the detect job's per-partition watermarks hold.
 *
 * <p>Events already behind the watermark (allowed by {@code --allowed-lateness}, see {@link LateRouter}) are emitted
 * at once, as are all buffered events when the input turns idle (a quiet estate must not hold events back until
 * the next record); both put an event behind ones already written and are counted in {@code unsortedEvents}.
 * The buffer holds what lies between this subtask's watermark and its newest events (out-of-orderness plus the
 * skew between its partitions), is kept in operator state at checkpoints and emptied at the end of a bounded input.
 * It is capped ({@code maxBuffered}): a raw partition whose watermark stalls without going idle (a shipper
 * replaying last week's logs with their original timestamps) would otherwise hold every other partition's events
 * in the heap; beyond the cap the oldest event is written at once ({@code sortBufferOverflows}, and what then
 * arrives behind it is counted as unsorted).
 */
final class EventTimeSorter extends AbstractStreamOperator<NormalizedEvent>
        implements OneInputStreamOperator<NormalizedEvent, NormalizedEvent>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    static final String STATE = "normalize-sorter-buffer";
    static final Comparator<NormalizedEvent> ORDER = Comparator.comparingLong(NormalizedEvent::getEventTime)
            .thenComparing(e -> e.getEventId().toString());

    private transient PriorityQueue<NormalizedEvent> buffer;
    private transient ListState<NormalizedEvent> state;
    /** Events at or before this time are emitted at once: the watermark, or the newest event flushed when idle. */
    private transient long horizon;
    private transient Counter unsorted;
    private transient Counter overflows;
    private final int maxBuffered;

    EventTimeSorter(int maxBuffered) {
        if (maxBuffered < 1) throw new IllegalArgumentException("maxBuffered must be >= 1, got " + maxBuffered);
        this.maxBuffered = maxBuffered;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        buffer = new PriorityQueue<>(ORDER);
        horizon = Long.MIN_VALUE;
        state = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>(STATE, new AvroTypeInfo<>(NormalizedEvent.class)));
        if (context.isRestored()) {
            for (NormalizedEvent e : state.get()) buffer.add(e);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        unsorted = getMetricGroup().addGroup("normalize").counter("unsortedEvents");
        overflows = getMetricGroup().addGroup("normalize").counter("sortBufferOverflows");
        getMetricGroup().addGroup("normalize").gauge("sortBuffer", () -> buffer.size());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        state.update(new ArrayList<>(buffer));
    }

    @Override
    public void processElement(StreamRecord<NormalizedEvent> element) {
        NormalizedEvent e = element.getValue();
        if (e.getEventTime() <= horizon) {
            if (e.getEventTime() < horizon) unsorted.inc();
            output.collect(element);
        } else {
            buffer.add(e);
            if (buffer.size() > maxBuffered) {
                NormalizedEvent oldest = buffer.poll();
                overflows.inc();
                horizon = Math.max(horizon, oldest.getEventTime());
                output.collect(new StreamRecord<>(oldest, oldest.getEventTime()));
            }
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        emitUpTo(mark.getTimestamp());
        horizon = Math.max(horizon, mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (status.isIdle()) flushAll();
        super.processWatermarkStatus(status);
    }

    @Override
    public void endInput() {
        flushAll();
    }

    private void flushAll() {
        emitUpTo(Long.MAX_VALUE);
    }

    private void emitUpTo(long time) {
        while (!buffer.isEmpty() && buffer.peek().getEventTime() <= time) {
            NormalizedEvent e = buffer.poll();
            horizon = Math.max(horizon, e.getEventTime());
            output.collect(new StreamRecord<>(e, e.getEventTime()));
        }
    }

    /** Test view: events written early because the buffer was full. */
    long overflowCount() {
        return overflows.getCount();
    }

    /** Test view: events emitted behind ones already written. */
    long unsortedCount() {
        return unsorted.getCount();
    }

    /** Test view: events waiting for the watermark. */
    List<NormalizedEvent> buffered() {
        List<NormalizedEvent> out = new ArrayList<>(buffer);
        out.sort(ORDER);
        return out;
    }
}
