package io.peerwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.detect.config.ConfigFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectJobArgsTest {
    @Test
    void flagsFillTheConfigAndDefaultsStayForTheRest(@TempDir Path dir) throws Exception {
        Path allow = Files.writeString(dir.resolve("allow.yaml"), "entries: []\n");
        Path props = Files.writeString(dir.resolve("client.properties"), "security.protocol=SSL\n");
        DetectJobConfig c = DetectJobArgs.parse("--bootstrap-servers", "k1:9092,k2:9092", "--topic-prefix=site-a",
                "--allowlist", allow.toString(), "--kafka-property", "sasl.mechanism=PLAIN", "--kafka-config", props.toString(),
                "--checkpoint-interval", "10s", "--group-id", "det-1", "--start-from", "earliest", "--stop-at-latest");
        assertThat(c.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(c.topics().normalized()).isEqualTo("site-a.normalized");
        assertThat(c.kafka().clientProperties()).containsEntry("sasl.mechanism", "PLAIN").containsEntry("security.protocol", "SSL");
        assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.groupId()).isEqualTo("det-1");
        assertThat(c.transactionalIdPrefix()).isEqualTo("det-1");
        assertThat(c.startFrom()).isEqualTo(DetectJobConfig.StartFrom.EARLIEST);
        assertThat(c.stopAtLatest()).isTrue();
        assertThat(c.patternsDir()).isNull();
        assertThat(c.loadDetectConfig().patterns()).isNotEmpty();
    }

    @Test
    void missingBrokersUnknownFlagsAndMissingFilesAreClearErrors() {
        assertThatThrownBy(() -> DetectJobArgs.parse("--topic-prefix", "x")).hasMessageContaining("--bootstrap-servers is required");
        assertThatThrownBy(() -> DetectJobArgs.parse("--bootstrap-servers", "k:1", "--colour", "red")).hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> DetectJobArgs.parse("--bootstrap-servers", "k:1", "--patterns", "/no/such/dir"))
                .hasMessageContaining("no such directory: /no/such/dir");
        assertThatThrownBy(() -> DetectJobArgs.parse("--bootstrap-servers", "k:1", "--checkpoint-interval", "soon"))
                .hasMessageContaining("not a duration");
    }

    @Test
    void aBrokenPatternDirectoryFailsWhenTheConfigIsLoadedNamingFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "id: bad\nversion: 1\ncategory: p2p-filesharing\nseverity: LOW\n"
                + "within: 1m\nconfidence: 0.5\nstages:\n  - name: a\n    where:\n      kind: no-such-kind\n");
        DetectJobConfig c = DetectJobArgs.parse("--bootstrap-servers", "k:1", "--patterns", dir.toString());
        assertThatThrownBy(c::loadDetectConfig).isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(dir.resolve("bad.yaml") + ":10: unknown signal kind 'no-such-kind'");
    }
}
