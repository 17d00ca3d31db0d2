package io.peerwatch.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwatch.identity.testing.Ev;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.Direction;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.VmRef;
import io.peerwatch.schema.VmSide;
import org.junit.jupiter.api.Test;

class AttributedFlowJsonTest {

    static VmSide.Builder side() {
        return VmSide.newBuilder().setDirection(Direction.INBOUND).setLocalIp("10.0.0.5").setLocalPort(443)
                .setRemoteIp("198.51.100.7").setRemotePort(40000).setBytesOut(1000).setBytesIn(100);
    }

    @Test
    void anAttributedFlowNamesTheVmAndItsBinding() throws Exception {
        NormalizedEvent e = Ev.flow(Ev.min(1), Ev.min(2), "198.51.100.7", 40000, "10.0.0.5", 443, 100, 1000);
        VmRef vm = VmRef.newBuilder().setUuid("aaaa").setName("vm-a").setHypervisorHost("kvm-host-01").build();
        BindingRef b = BindingRef.newBuilder().setScope("default").setAddress("10.0.0.5").setMac("52:54:00:00:00:0a")
                .setSource("dnsmasq-dhcp").setValidFrom(Ev.min(0)).build();
        String line = AttributedFlowJson.toJsonLine(new AttributedEvent(e,
                side().setAttributed(true).setVmKey("aaaa").setVm(vm).setBinding(b).build()));
        JsonNode j = new ObjectMapper().readTree(line);
        assertThat(line).doesNotContain("\n");
        assertThat(j.get("time").asText()).isEqualTo("2026-11-02T10:01:00Z");
        assertThat(j.get("src_ip").asText()).isEqualTo("198.51.100.7");
        assertThat(j.get("dst_port").asInt()).isEqualTo(443);
        assertThat(j.get("proto").asText()).isEqualTo("tcp");
        assertThat(j.get("direction").asText()).isEqualTo("inbound");
        assertThat(j.get("bytes_out").asLong()).isEqualTo(1000);
        assertThat(j.get("attribution").asText()).isEqualTo("attributed");
        assertThat(j.get("vm_uuid").asText()).isEqualTo("aaaa");
        assertThat(j.get("vm_name").asText()).isEqualTo("vm-a");
        assertThat(j.get("binding").get("valid_from").asText()).isEqualTo("2026-11-02T10:00:00Z");
        assertThat(j.get("binding").get("valid_to").isNull()).isTrue();
        assertThat(AttributedFlowJson.isFlow(new AttributedEvent(e, side().setAttributed(true).setVmKey("x").build()))).isTrue();
    }

    @Test
    void anUnattributedFlowSaysWhyAndControlCharactersAreEscaped() throws Exception {
        NormalizedEvent e = Ev.dns(Ev.min(1), "10.0.0.5", "evil\n\u0001\u2028name\"x");
        String line = AttributedFlowJson.toJsonLine(new AttributedEvent(e, side().setAttributed(false)
                .setUnattributedReason("no-binding").setVmKey("addr:default/10.0.0.5").build()));
        assertThat(line).doesNotContain("\n").doesNotContain("\u0001").doesNotContain("\u2028");
        JsonNode j = new ObjectMapper().readTree(line);
        assertThat(j.get("attribution").asText()).isEqualTo("unattributed");
        assertThat(j.get("reason").asText()).isEqualTo("no-binding");
        assertThat(j.get("vm_uuid").isNull()).isTrue();
        assertThat(j.get("query").asText()).isEqualTo("evil\n\u0001\u2028name\"x");
        assertThat(j.get("event").asText()).isEqualTo("dns");
    }

    @Test
    void longStringsAreBounded() {
        NormalizedEvent e = Ev.dns(Ev.min(1), "10.0.0.5", "a".repeat(10_000));
        String line = AttributedFlowJson.toJsonLine(new AttributedEvent(e, side().setAttributed(false)
                .setUnattributedReason("no-binding").setVmKey("addr:default/10.0.0.5").build()));
        assertThat(line.length()).isLessThan(3000);
    }
}
