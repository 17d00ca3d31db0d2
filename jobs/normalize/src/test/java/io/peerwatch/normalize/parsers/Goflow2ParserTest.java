package io.peerwatch.normalize.parsers;

import static io.peerwatch.normalize.testing.Records.fixture;
import static io.peerwatch.normalize.testing.Records.parseAll;
import static io.peerwatch.normalize.testing.Records.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.NetworkFlow;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Goflow2ParserTest {
    private static Records.Result r;

    @BeforeAll
    static void parseFixture() {
        r = parseAll(new Goflow2Parser(NormalizeConfig.defaults()), read(Formats.GOFLOW2, fixture("goflow2", "goflow2.json")));
    }

    private static NetworkFlow flow(int i) { return (NetworkFlow) r.events().get(i).body(); }

    @Test
    void everyShapeParsesAndArpIsACountedSkip() {
        assertThat(r.errors()).isEmpty();
        assertThat(r.events()).hasSize(5);
        assertThat(r.skips()).containsExactly("non-IP sample");
    }

    @Test
    void netflowV9RecordWithNanosecondTimes() {
        NetworkFlow f = flow(0);
        assertThat(f.getSrcIp()).isEqualTo("192.168.122.46");
        assertThat(f.getDstPort()).isEqualTo(6881);
        assertThat(f.getProto()).isEqualTo("tcp");
        assertThat(f.getStartTime()).isEqualTo(1793577630000L);
        assertThat(f.getEndTime()).isEqualTo(1793577690000L);
        assertThat(f.getSrcBytes()).isEqualTo(4249L);
        assertThat(f.getInterfaceId()).isEqualTo("7");
        assertThat(r.events().get(0).sensor()).isEqualTo("192.168.122.1");
    }

    @Test
    void sflowSamplesAreScaledBySamplingRate() {
        NetworkFlow f = flow(1);
        assertThat(f.getSrcBytes()).isEqualTo(150_000L);
        assertThat(f.getSrcPackets()).isEqualTo(100L);
        assertThat(f.getSrcIp()).isEqualTo("fd01::46");
        assertThat(f.getProto()).isEqualTo("udp");
    }

    @Test
    void dateTimeRenderedReceiveTimeAndFlowDirection() {
        NetworkFlow f = flow(2);
        assertThat(f.getEndTime()).isEqualTo(1793577790000L);
        assertThat(f.getObservedDirection()).isEqualTo("egress");
    }

    @Test
    void goflow2V1PascalCaseNamesInSeconds() {
        NetworkFlow f = flow(3);
        assertThat(f.getSrcIp()).isEqualTo("192.168.122.47");
        assertThat(f.getProto()).isEqualTo("tcp");
        assertThat(f.getStartTime()).isEqualTo(1793577800000L);
        assertThat(f.getEndTime()).isEqualTo(1793577859000L);
        assertThat(f.getSrcBytes()).isEqualTo(98000L);
    }

    @Test
    void protobufJsonWithBase64AddressesAndStringNumbers() {
        NetworkFlow f = flow(4);
        assertThat(f.getSrcIp()).isEqualTo("192.0.2.10");
        assertThat(f.getDstIp()).isEqualTo("198.51.100.20");
        assertThat(f.getSrcBytes()).isEqualTo(32_100L);
        assertThat(f.getEndTime()).isEqualTo(Instant.parse("2026-11-02T00:05:00.900Z").toEpochMilli());
        assertThat(r.events().get(4).sensor()).isEqualTo("192.0.2.1");
    }

    @Test
    void invalidRecordsAreDeadLettered() {
        Goflow2Parser p = new Goflow2Parser(NormalizeConfig.defaults());
        String ok = "{\"time_flow_end_ns\":1793577690000000000,\"src_addr\":\"10.0.0.1\",\"dst_addr\":\"10.0.0.2\",\"proto\":6";
        ZeekParsersTest.assertErrorClass(p, ok + ",\"bytes\":-1}", ParseException.INVALID_NUMBER);
        ZeekParsersTest.assertErrorClass(p, ok + ",\"bytes\":9223372036854775807,\"sampling_rate\":10}", ParseException.INVALID_NUMBER);
        ZeekParsersTest.assertErrorClass(p, ok.replace("10.0.0.2", "example.com") + "}", ParseException.INVALID_ADDRESS);
        ZeekParsersTest.assertErrorClass(p, ok + ",\"time_flow_start_ns\":1793577699000000000}", ParseException.INVALID_TIMESTAMP);
        ZeekParsersTest.assertErrorClass(p, ok.replace("\"src_addr\":\"10.0.0.1\",", "") + "}", ParseException.MISSING_FIELD);
        ZeekParsersTest.assertErrorClass(p, "[1,2]", ParseException.MALFORMED);
    }
}
