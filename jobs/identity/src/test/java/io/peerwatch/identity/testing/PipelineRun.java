package io.peerwatch.identity.testing;

import io.peerwatch.identity.AttributionOutputs;
import io.peerwatch.identity.AttributionPipeline;
import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.VmIdentity;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs the attribution pipeline as a bounded job on a MiniCluster: events carry their event time as Flink
 * timestamp and, as in bounded runs, there is no watermark until the final one.
 */
public final class PipelineRun {

    /** Both outputs of one run. */
    public record Result(List<AttributedEvent> attributed, List<VmIdentity> identities) {}

    /** The two outputs in one collectable stream (a Flink POJO). */
    public static class Out {
        public AttributedEvent attributed;
        public VmIdentity identity;

        public Out() {}
    }

    private PipelineRun() {}

    public static Result run(List<NormalizedEvent> events, IdentityConfig cfg, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false)); // no silent Kryo
        DataStream<NormalizedEvent> in = env
                .fromData(events, TypeInformation.of(NormalizedEvent.class))
                .rebalance()
                .assignTimestampsAndWatermarks(WatermarkStrategy.<NormalizedEvent>noWatermarks()
                        .withTimestampAssigner((e, ts) -> e.getEventTime()));
        AttributionOutputs outs = AttributionPipeline.build(in, cfg);
        DataStream<Out> a = outs.attributed().map(x -> {
            Out o = new Out();
            o.attributed = x;
            return o;
        }).returns(Out.class);
        DataStream<Out> i = outs.identities().map(x -> {
            Out o = new Out();
            o.identity = x;
            return o;
        }).returns(Out.class);
        List<AttributedEvent> attributed = new ArrayList<>();
        List<VmIdentity> identities = new ArrayList<>();
        try (CloseableIterator<Out> it = a.union(i).executeAndCollect("attribution test")) {
            while (it.hasNext()) {
                Out o = it.next();
                if (o.attributed != null) attributed.add(o.attributed);
                if (o.identity != null) identities.add(o.identity);
            }
        }
        return new Result(attributed, identities);
    }
}
