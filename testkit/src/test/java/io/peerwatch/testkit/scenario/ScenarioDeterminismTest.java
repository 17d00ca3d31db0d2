package io.peerwatch.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.common.Formats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioDeterminismTest {
    private static final ScenarioSpec SMALL = ScenarioSpec.defaults().withVms(12).withHypervisors(2).withDuration(Duration.ofHours(3))
            .withFormats(ScenarioSpec.SUPPORTED_FORMATS.toArray(String[]::new));

    private static String digest(Scenario s) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        s.forEachRecord(r -> {
            md.update((r.format() + '\0' + r.eventTimeMillis() + '\0' + r.file() + '\0' + r.key() + '\0').getBytes(StandardCharsets.UTF_8));
            md.update(r.text().getBytes(StandardCharsets.UTF_8));
            md.update((byte) '\n');
        });
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void sameSeedGivesIdenticalRecords() throws Exception {
        assertThat(digest(ScenarioGenerator.generate(SMALL))).isEqualTo(digest(ScenarioGenerator.generate(SMALL)));
    }

    @Test
    void readingTheSameScenarioTwiceGivesTheSameRecords() throws Exception {
        Scenario s = ScenarioGenerator.generate(SMALL);
        assertThat(digest(s)).isEqualTo(digest(s));
    }

    @Test
    void anotherSeedGivesAnotherEstateAndTraffic() throws Exception {
        Scenario a = ScenarioGenerator.generate(SMALL);
        Scenario b = ScenarioGenerator.generate(SMALL.withSeed(7));
        assertThat(digest(a)).isNotEqualTo(digest(b));
        assertThat(a.vms().get(0).uuid()).isNotEqualTo(b.vms().get(0).uuid());
    }

    @Test
    void writtenFilesAreByteIdenticalAcrossRuns(@TempDir Path dir) throws Exception {
        ScenarioGenerator.generate(SMALL).writeTo(dir.resolve("a"));
        ScenarioGenerator.generate(SMALL).writeTo(dir.resolve("b"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir.resolve("a"))) {
            files = walk.filter(Files::isRegularFile).map(p -> dir.resolve("a").relativize(p)).sorted().toList();
        }
        assertThat(files).contains(Path.of(Formats.ZEEK_CONN, "conn.log"), Path.of(Formats.AWS_VPC_FLOW, "flows.log"), Path.of("truth.json"));
        for (Path f : files) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(f))).as(f.toString()).isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(f)));
        }
    }

    @Test
    void invalidSpecsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> ScenarioSpec.defaults().withVms(3)).hasMessageContaining("vms must be >= 5");
        assertThatThrownBy(() -> ScenarioSpec.defaults().withDuration(Duration.ofMinutes(30))).hasMessageContaining("duration");
        assertThatThrownBy(() -> ScenarioSpec.defaults().withFormats(Formats.SYSMON)).hasMessageContaining("does not write FORMAT sysmon");
        assertThatThrownBy(() -> ScenarioSpec.defaults().withFormats("zeek-con")).hasMessageContaining("unknown FORMAT");
        assertThatThrownBy(() -> ScenarioSpec.defaults().withVms(10).withHypervisors(11)).hasMessageContaining("more hypervisors");
    }
}
