package io.peerwatch.normalize.parsers;

import static io.peerwatch.normalize.testing.Records.fixture;
import static io.peerwatch.normalize.testing.Records.line;
import static io.peerwatch.normalize.testing.Records.parseAll;
import static io.peerwatch.normalize.testing.Records.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Formats;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.testing.Records;
import io.peerwatch.schema.NetworkFlow;
import org.junit.jupiter.api.Test;

class AwsVpcFlowParserTest {
    private static final NormalizeConfig CFG = NormalizeConfig.defaults();

    @Test
    void defaultVersion2RecordsNeedNoHeaderAndNoDataRecordsAreCountedSkips() {
        Records.Result r = parseAll(new AwsVpcFlowParser(CFG), read(Formats.AWS_VPC_FLOW, fixture("aws-vpc-flow", "default-v2.log")));
        assertThat(r.errors()).isEmpty();
        assertThat(r.skips()).containsExactly("NODATA", "SKIPDATA");
        assertThat(r.events()).hasSize(4);
        NetworkFlow up = (NetworkFlow) r.events().get(0).body();
        assertThat(up.getSrcIp()).isEqualTo("10.0.1.15");
        assertThat(up.getDstPort()).isEqualTo(6881);
        assertThat(up.getProto()).isEqualTo("tcp");
        assertThat(up.getSrcBytes()).isEqualTo(4249L);
        assertThat(up.getSrcPackets()).isEqualTo(20L);
        assertThat(up.getDstBytes()).isZero();
        assertThat(up.getStartTime()).isEqualTo(1793577630000L);
        assertThat(up.getEndTime()).isEqualTo(1793577690000L);
        assertThat(r.events().get(0).eventTime()).isEqualTo(1793577690000L);
        assertThat(up.getAction()).isEqualTo("ACCEPT");
        assertThat(up.getInterfaceId()).isEqualTo("eni-0a1b2c3d4e5f60718");
        NetworkFlow icmp = (NetworkFlow) r.events().get(2).body();
        assertThat(icmp.getProto()).isEqualTo("icmp");
        assertThat(icmp.getAction()).isEqualTo("REJECT");
        NetworkFlow v6 = (NetworkFlow) r.events().get(3).body();
        assertThat(v6.getSrcIp()).isEqualTo("2600:1f18:1234:5600::15");
    }

    @Test
    void version5HeaderLineGivesInstanceVpcAndDirection() {
        Records.Result r = parseAll(new AwsVpcFlowParser(CFG), read(Formats.AWS_VPC_FLOW, fixture("aws-vpc-flow", "v5-header.log")));
        assertThat(r.errors()).isEmpty();
        assertThat(r.skips()).containsExactly("header", "NODATA");
        NetworkFlow egress = (NetworkFlow) r.events().get(0).body();
        assertThat(egress.getInstanceId()).isEqualTo("i-37d0338004991b174");
        assertThat(egress.getObservedDirection()).isEqualTo("egress");
        assertThat(egress.getState()).isEqualTo("16");
        assertThat(r.events().get(0).networkScope()).isEqualTo("vpc-0a1b2c3d4e5f60718");
        assertThat(((NetworkFlow) r.events().get(1).body()).getObservedDirection()).isEqualTo("ingress");
    }

    @Test
    void customFieldOrderFromTheHeaderIsFollowed() {
        Records.Result r = parseAll(new AwsVpcFlowParser(CFG), read(Formats.AWS_VPC_FLOW, fixture("aws-vpc-flow", "custom-v3.log")));
        assertThat(r.errors()).isEmpty();
        NetworkFlow f = (NetworkFlow) r.events().get(0).body();
        assertThat(f.getInstanceId()).isEqualTo("i-0123456789abcdef0");
        assertThat(f.getSrcIp()).isEqualTo("10.0.1.5");
        assertThat(f.getSrcBytes()).isEqualTo(1200L);
        assertThat(f.getSrcPackets()).isEqualTo(10L);
        assertThat(((NetworkFlow) r.events().get(1).body()).getInstanceId()).as("'-' is no value").isNull();
    }

    @Test
    void customFormatWithoutHeaderAndBadValuesAreDeadLettered() {
        AwsVpcFlowParser p = new AwsVpcFlowParser(CFG);
        ZeekParsersTest.assertErrorClass(p, "i-0123 eni-1 10.0.1.5 10.0.0.220 43418 5451 6", AwsVpcFlowParser.MISSING_HEADER);
        String ok = "2 123456789012 eni-0a1b 10.0.1.15 203.0.113.9 49761 6881 6 20 4249 1793577630 1793577690 ACCEPT OK";
        ZeekParsersTest.assertErrorClass(p, ok.replace("203.0.113.9", "203.0.113"), ParseException.INVALID_ADDRESS);
        ZeekParsersTest.assertErrorClass(p, ok.replace(" 4249 ", " -4249 "), ParseException.INVALID_NUMBER);
        ZeekParsersTest.assertErrorClass(p, ok.replace("1793577690", "1793577600"), ParseException.INVALID_TIMESTAMP);
        ZeekParsersTest.assertErrorClass(p, ok.replace("49761", "99999"), ParseException.INVALID_NUMBER);
        ZeekParsersTest.assertErrorClass(p, ok + " extra", AwsVpcFlowParser.MISSING_HEADER);
        ZeekParsersTest.assertErrorClass(p, ok.replaceFirst("^2 ", "1 "), ParseException.UNSUPPORTED);
    }

    @Test
    void headersArePerSource() throws Exception {
        AwsVpcFlowParser p = new AwsVpcFlowParser(CFG);
        assertThat(p.parse(line(Formats.AWS_VPC_FLOW, "a.log", 1, "srcaddr dstaddr end bytes")).skipped()).isTrue();
        assertThat(p.parse(line(Formats.AWS_VPC_FLOW, "a.log", 2, "10.0.0.1 10.0.0.2 1793577690 7")).events()).hasSize(1);
        ZeekParsersTest.assertErrorClass(p, "10.0.0.1 10.0.0.2 1793577690 7", AwsVpcFlowParser.MISSING_HEADER);
    }
}
