package io.peerwatch.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwatch.cli.CliRun;
import io.peerwatch.testkit.scenario.Scenario;
import io.peerwatch.testkit.scenario.ScenarioGenerator;
import io.peerwatch.testkit.scenario.ScenarioSpec;
import io.peerwatch.testkit.scenario.ScenarioTruth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AttributeCommandTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void flowsOfAReusedAddressGoToTheVmThatHeldItAtTheFlowsTime() throws Exception {
        Scenario scenario = ScenarioGenerator.generate(ScenarioSpec.defaults().withVms(6).withDuration(Duration.ofHours(3)));
        Path logs = tmp.resolve("logs");
        scenario.writeTo(logs);
        List<String> args = new ArrayList<>(List.of("attribute"));
        for (String f : ScenarioSpec.LIBVIRT_SITE_FORMATS) {
            args.add("--input");
            args.add(f + "=" + logs.resolve(f));
        }
        Path out = tmp.resolve("attributed.jsonl");
        args.addAll(List.of("--output", out.toString(), "--parallelism", "2"));

        CliRun r = CliRun.of(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("attributed\\s+\\d").contains("wrote ");
        ScenarioTruth.AddressReuse reuse = scenario.truth().addressReuse();
        int before = 0;
        int after = 0;
        for (String line : Files.readAllLines(out)) {
            JsonNode o = JSON.readTree(line);
            assertThat(o.get("event").asText()).isEqualTo("flow");
            if (!reuse.ip().equals(o.get("local_ip").asText())) continue;
            long start = Instant.parse(o.get("time").asText()).toEpochMilli();
            long end = Instant.parse(o.get("end").asText()).toEpochMilli();
            if (end < reuse.releaseMillis()) {
                assertThat(o.get("vm_name").asText()).as(line).isEqualTo(reuse.releasing().name());
                before++;
            } else if (start >= reuse.rebindMillis()) {
                assertThat(o.get("vm_name").asText()).as(line).isEqualTo(reuse.reusing().name());
                after++;
            }
        }
        assertThat(before).as("flows of the first holder").isPositive();
        assertThat(after).as("flows of the VM that reused the address").isPositive();
    }
}
