package io.peerwatch.normalize;

import io.peerwatch.schema.NormalizedEvent;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Live runs: gives every event its own event time as Flink timestamp and passes the watermarks (and idle
 * status) of the source through unchanged. {@code assignTimestampsAndWatermarks} cannot do this: it drops
 * upstream watermarks and generates its own, which is exactly what must not happen after parsing (see
 * {@link SourceWatermarks}). Stateless and chained to the parser.
 */
final class EventTimeStamper extends AbstractStreamOperator<NormalizedEvent>
        implements OneInputStreamOperator<NormalizedEvent, NormalizedEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(StreamRecord<NormalizedEvent> element) {
        output.collect(element.replace(element.getValue(), element.getValue().getEventTime()));
    }
}
