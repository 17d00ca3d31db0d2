package io.peerwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.incidents.IncidentConfig;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.NormalizedEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bounded-run convenience chain: normalized events -> attribution -> detect -> incidents, no Kafka. */
class DetectJobIncidentsTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void flowRecordsOfASwarmBecomeAP2pIncidentOfTheInstance() throws Exception {
        StreamExecutionEnvironment env = TestEnv.create(2);
        DataStream<NormalizedEvent> normalized = env.fromData(DetectJobKafkaTest.swarmEvents(), new AvroTypeInfo<>(NormalizedEvent.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<NormalizedEvent>noWatermarks().withTimestampAssigner((e, ts) -> e.getEventTime()));
        List<Incident> incidents = new ArrayList<>();
        try (var it = DetectJob.incidents(normalized, IdentityConfig.defaults(), DetectConfig.defaults(), IncidentConfig.defaults())
                .executeAndCollect()) {
            it.forEachRemaining(incidents::add);
        }
        assertThat(incidents).isNotEmpty().allSatisfy(i -> {
            assertThat(i.getCategory()).isEqualTo("p2p-filesharing");
            assertThat(i.toString()).contains(DetectJobKafkaTest.INSTANCE);
        });
    }
}
