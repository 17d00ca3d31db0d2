package io.peerwatch.incidents;

import io.peerwatch.incidents.lifecycle.Detections;
import io.peerwatch.incidents.lifecycle.IncidentLifecycleFunction;
import io.peerwatch.schema.Detection;
import io.peerwatch.schema.Incident;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * Detections in, incidents out: one living incident per (VM, category), created, updated (rate-limited) and closed
 * after a quiet period, in event time. The input must carry event-time timestamps and watermarks (the detection's
 * time); bounded runs end with the MAX watermark, which closes every open incident with its final figures.
 *
 * <p>Suppressed detections never become incidents; they leave through {@link #SUPPRESSED} with their reason.
 * Detections that cannot form an incident (missing key fields) leave through {@link #REJECTED}, reason in
 * {@code suppressionReason}. Both are side outputs of the returned operator.
 */
public final class IncidentPipeline {
    public static final String UID = "incidents-lifecycle";

    public static final OutputTag<Detection> SUPPRESSED =
            new OutputTag<>("suppressed-detections", new AvroTypeInfo<>(Detection.class));
    public static final OutputTag<Detection> REJECTED =
            new OutputTag<>("rejected-detections", new AvroTypeInfo<>(Detection.class));

    private IncidentPipeline() {}

    public static SingleOutputStreamOperator<Incident> build(DataStream<Detection> in, IncidentConfig cfg) {
        return in.keyBy(Detections::incidentKey, Types.STRING)
                .process(new IncidentLifecycleFunction(cfg), new AvroTypeInfo<>(Incident.class))
                .uid(UID)
                .name("incident lifecycle");
    }

    /** The suppressed detections of a stream returned by {@link #build}. */
    public static DataStream<Detection> suppressed(DataStream<Incident> built) {
        return ((SingleOutputStreamOperator<Incident>) built).getSideOutput(SUPPRESSED);
    }

    /** The rejected (invalid) detections of a stream returned by {@link #build}. */
    public static DataStream<Detection> rejected(DataStream<Incident> built) {
        return ((SingleOutputStreamOperator<Incident>) built).getSideOutput(REJECTED);
    }
}
