package io.peerwatch.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.cli.Failures.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KafkaOptionsTest {
    @TempDir
    Path tmp;

    @CommandLine.Command
    static final class Holder {
        @CommandLine.Mixin
        KafkaOptions kafka;
    }

    private KafkaOptions parse(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.kafka;
    }

    @Test
    void clientSettingsComeFromTheConfigFileWithFlagsWinning() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("client.properties"), """
                bootstrap.servers=broker-1:9093
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                ssl.truststore.location=/etc/kafka/truststore.jks
                """);
        KafkaOptions k = parse("--kafka-config", cfg.toString(), "--kafka-property", "sasl.mechanism=PLAIN",
                "--kafka-property", "client.id=peerwatch-cli");
        assertThat(k.configured()).isTrue();
        var p = k.settings().consumerProperties();
        assertThat(p.getProperty("bootstrap.servers")).isEqualTo("broker-1:9093");
        assertThat(p.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(p.getProperty("sasl.mechanism")).isEqualTo("PLAIN");
        assertThat(p.getProperty("client.id")).isEqualTo("peerwatch-cli");
        assertThat(p.getProperty("isolation.level")).isEqualTo("read_committed");
    }

    @Test
    void theBootstrapFlagWinsOverTheFileAndNoClusterIsAUsageErrorWhenOneIsNeeded() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("client.properties"), "bootstrap.servers=from-file:9092\n");
        assertThat(parse("--kafka-config", cfg.toString(), "--bootstrap-servers", "flag:9092").settings().bootstrapServers())
                .isEqualTo("flag:9092");
        KafkaOptions none = parse();
        assertThat(none.configured()).isFalse();
        assertThatThrownBy(none::settings).isInstanceOf(UsageException.class).hasMessageContaining("--bootstrap-servers is required");
        assertThatThrownBy(() -> parse("--kafka-config", tmp.resolve("missing").toString()).configured())
                .isInstanceOf(UsageException.class).hasMessageContaining("cannot read");
        assertThatThrownBy(() -> parse("--topic-prefix", "bad prefix!").topics()).isInstanceOf(UsageException.class);
    }
}
