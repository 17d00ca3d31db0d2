package io.peerwatch.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwatch.cli.CliRun;
import io.peerwatch.cli.Peerwatch;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class NormalizeCommandTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String CONN_1 = "{\"ts\": 1793577630.0, \"uid\": \"C3cdb182310d53d84d\", \"id.orig_h\": \"192.168.1.3\", "
            + "\"id.orig_p\": 52888, \"id.resp_h\": \"82.58.216.115\", \"id.resp_p\": 38305, \"proto\": \"tcp\", "
            + "\"duration\": 0.218575, \"orig_bytes\": 68, \"resp_bytes\": 558, \"conn_state\": \"OTH\", \"orig_pkts\": 1, "
            + "\"resp_pkts\": 1}";
    static final String CONN_2 = "{\"ts\": 1793577631.5, \"uid\": \"Cbdbe655a82d13d8b6\", \"id.orig_h\": \"192.168.1.3\", "
            + "\"id.orig_p\": 52887, \"id.resp_h\": \"82.57.97.83\", \"id.resp_p\": 53137, \"proto\": \"udp\", "
            + "\"duration\": 0.45221, \"orig_bytes\": 232, \"resp_bytes\": 639, \"conn_state\": \"SF\", \"orig_pkts\": 3, "
            + "\"resp_pkts\": 2}";
    static final String DHCP = "2026-11-02T00:00:02.000000+00:00 kvm-host-01 dnsmasq-dhcp[1187]: DHCPACK(virbr0) "
            + "192.168.1.3 52:54:00:c8:60:38 vm-bittorrent-0";

    @TempDir
    Path tmp;

    @Test
    void writesEventsAndDeadLettersAndPrintsAReconcilingTablePerFormat() throws Exception {
        Path conn = Files.createDirectories(tmp.resolve("conn"));
        Files.writeString(conn.resolve("conn.log"), CONN_1 + "\nthis is not json\n");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(conn.resolve("conn.2.log.gz")))) {
            gz.write((CONN_2 + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path dhcp = Files.writeString(tmp.resolve("dhcp.log"), DHCP + "\n");
        Path out = tmp.resolve("out");

        CliRun r = CliRun.of("normalize", "--input", "zeek-conn=" + conn, "--input", "dnsmasq-dhcp=" + dhcp,
                "--output", out.toString(), "--parallelism", "2");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Peerwatch.OK);
        List<String> events = Files.readAllLines(out.resolve(NormalizeCommand.NORMALIZED_FILE));
        List<String> dead = Files.readAllLines(out.resolve(NormalizeCommand.DEADLETTER_FILE));
        assertThat(events).hasSize(3);
        assertThat(events).allSatisfy(l -> assertThat(JSON.readTree(l).get("eventId").asText()).hasSize(64));
        assertThat(events.stream().map(this::bodyType)).containsExactlyInAnyOrder("NetworkFlow", "NetworkFlow", "AddressBinding");
        assertThat(dead).hasSize(1);
        JsonNode d = JSON.readTree(dead.get(0));
        assertThat(d.get("format").asText()).isEqualTo("zeek-conn");
        assertThat(d.get("source").get("line").asLong()).isEqualTo(2);
        assertThat(new String(java.util.Base64.getDecoder().decode(d.get("originalBytes").asText()), StandardCharsets.UTF_8))
                .isEqualTo("this is not json");
        // per-format table: read = normalized + dead-lettered + skipped
        assertThat(r.out()).containsPattern("zeek-conn\\s+3\\s+2\\s+1\\s+0")
                .containsPattern("dnsmasq-dhcp\\s+1\\s+1\\s+0\\s+0")
                .containsPattern("total\\s+4\\s+3\\s+1\\s+0")
                .doesNotContain("do not reconcile");
    }

    private String bodyType(String line) {
        try {
            return JSON.readTree(line).get("body").get("@type").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
