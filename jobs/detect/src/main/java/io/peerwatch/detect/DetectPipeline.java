package io.peerwatch.detect;

import io.peerwatch.detect.pattern.MatchToDetection;
import io.peerwatch.detect.pattern.PatternCompiler;
import io.peerwatch.detect.pattern.PatternSpec;
import io.peerwatch.detect.pattern.SignalOrder;
import io.peerwatch.detect.signal.VmSignalFunction;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.Detection;
import io.peerwatch.schema.Signal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.CEP;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The detect stage as a function of streams: attributed events -> per-VM signals and volume anomalies -> one CEP
 * operator per pattern file -> detections. Everything is keyed by {@code VmSide.vmKey} and runs in event time.
 */
public final class DetectPipeline {
    public static final String SIGNALS_UID = "detect-signals";
    public static final String CEP_UID_PREFIX = "detect-cep-";

    private static final TypeInformation<Signal> SIGNAL_TYPE = new AvroTypeInfo<>(Signal.class);
    private static final TypeInformation<Detection> DETECTION_TYPE = new AvroTypeInfo<>(Detection.class);

    private DetectPipeline() {}

    public static DataStream<Detection> build(DataStream<AttributedEvent> in, DetectConfig cfg) {
        return detections(signals(in, cfg), cfg);
    }

    /** Signals of every VM: protocol and behaviour signals plus volume anomalies. */
    public static DataStream<Signal> signals(DataStream<AttributedEvent> in, DetectConfig cfg) {
        // one keyed operator reads each event once: behaviour signals and the volume baseline share the ordering
        return in.keyBy(new EventVmKey())
                .process(new VmSignalFunction(cfg.signals(), cfg.volume()), SIGNAL_TYPE)
                .uid(SIGNALS_UID).name("detect: signals and volume baseline per VM");
    }

    /** CEP over the signal stream, one operator per pattern (stable uid from the pattern id). */
    public static DataStream<Detection> detections(DataStream<Signal> signals, DetectConfig cfg) {
        KeyedStream<Signal, String> byVm = signals.keyBy(new SignalVmKey());
        DataStream<Detection> all = null;
        for (PatternSpec p : cfg.patterns()) {
            SingleOutputStreamOperator<Detection> d = CEP.pattern(byVm, PatternCompiler.compile(p), new SignalOrder())
                    .inEventTime()
                    .process(new MatchToDetection(p, cfg.maxSignalsPerDetection()), DETECTION_TYPE)
                    .uid(CEP_UID_PREFIX + p.id()).name("detect: pattern " + p.id() + " v" + p.version());
            all = all == null ? d : all.union(d);
        }
        return all;
    }

    /** Key of an attributed event: the VM it was attributed to. */
    public static final class EventVmKey implements KeySelector<AttributedEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(AttributedEvent e) {
            return e.getSide().getVmKey();
        }
    }

    public static final class SignalVmKey implements KeySelector<Signal, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Signal s) {
            return s.getVmKey();
        }
    }
}
