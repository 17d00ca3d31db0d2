package io.peerwatch.normalize;

import io.peerwatch.schema.NormalizedEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.apache.flink.util.OutputTag;

/**
 * Live runs, right after parsing: gives each event its own event time as Flink timestamp, routes events too far
 * behind the watermark to the late output, and emits the rest in event-time order (time, then event id), each
 * once the watermark has passed it. One operator for the three, chained to the parser: every chained hop copies
 * the event (Avro deep copy) while object reuse is off.
 *
 * <p>Watermarks are the Kafka source's, made per raw partition ({@link SourceWatermarks}) and passed on unchanged
 * (a generator here would see one subtask's partitions interleaved and run ahead of the slower ones).
 *
 * <p>Late: an event whose time is behind {@code watermark - allowedLateness} would be dropped or mis-ordered by
 * every event-time operator downstream, so it goes to the late output (and its own topic), counted per FORMAT.
 *
 * <p>Order: a subtask reads several raw partitions and gets them in fetch-sized runs (tens of minutes of zeek-conn,
 * then the DHCP leases of the same minutes). The watermark does not cross Kafka: the detect job derives its own
 * from the event times it reads per normalized partition, and with out-of-order partitions a catching-up detect
 * job treats leases and VM definitions as late and attributes flows to an address instead of the VM, unlike a
 * replay. Sorted here, and with each normalized partition written by one subtask only
 * ({@code KafkaIo.orderedAvroSink}), every normalized partition is in event-time order.
 *
 * <p>Events already behind the watermark but within the allowed lateness are emitted at once, as are all buffered
 * events when the input turns idle (a quiet estate must not hold events back until the next record); both put an
 * event behind ones already written and are counted in {@code unsortedEvents}. The buffer holds what lies between
 * this subtask's watermark and its newest events (out-of-orderness plus the skew between its partitions), is kept
 * in operator state at checkpoints and emptied at the end of a bounded input. It is capped
 * ({@link NormalizeConfig#maxSortBuffer()}): a raw partition whose watermark stalls without going idle (a shipper
 * replaying last week's logs with their original timestamps) would otherwise hold every other partition's events
 * in the heap; beyond the cap the oldest event is written at once ({@code sortBufferOverflows}).
 */
final class LiveEventTime extends AbstractStreamOperator<NormalizedEvent>
        implements OneInputStreamOperator<NormalizedEvent, NormalizedEvent>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    static final String STATE = "normalize-sorter-buffer";
    private final long allowedLatenessMillis;
    private final OutputTag<NormalizedEvent> late;
    private transient Map<String, FormatCounters> lateCounters;
    /** The input watermark (the source's): late routing compares against it. */
    private transient long watermark;
    static final Comparator<NormalizedEvent> ORDER = Comparator.comparingLong(NormalizedEvent::getEventTime)
            .thenComparing(e -> e.getEventId().toString());

    private transient PriorityQueue<NormalizedEvent> buffer;
    private transient ListState<NormalizedEvent> state;
    /** Events at or before this time are emitted at once: the watermark, or the newest event flushed when idle. */
    private transient long horizon;
    private transient Counter unsorted;
    private transient Counter overflows;
    private final int maxBuffered;

    LiveEventTime(NormalizeConfig cfg, OutputTag<NormalizedEvent> late) {
        this.allowedLatenessMillis = cfg.allowedLateness().toMillis();
        this.maxBuffered = cfg.maxSortBuffer();
        this.late = late;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        buffer = new PriorityQueue<>(ORDER);
        horizon = Long.MIN_VALUE;
        watermark = Long.MIN_VALUE;
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
        lateCounters = new HashMap<>();
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
        long time = e.getEventTime();
        if (isLate(time, watermark)) {
            lateCounters.computeIfAbsent(e.getFormat(), f -> new FormatCounters(getRuntimeContext(), f, NormalizeCounts.LATE))
                    .inc(NormalizeCounts.LATE);
            output.collect(late, element.replace(e, time));
            return;
        }
        if (time <= horizon) {
            if (time < horizon) unsorted.inc();
            output.collect(element.replace(e, time));
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
        watermark = Math.max(watermark, mark.getTimestamp());
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

    /** Behind {@code watermark - allowedLateness}; nothing is late before the first watermark. */
    boolean isLate(long eventTime, long currentWatermark) {
        if (currentWatermark == Long.MIN_VALUE) return false;
        long threshold = currentWatermark - allowedLatenessMillis;
        return threshold > currentWatermark ? false : eventTime < threshold; // no underflow surprises near MIN
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
