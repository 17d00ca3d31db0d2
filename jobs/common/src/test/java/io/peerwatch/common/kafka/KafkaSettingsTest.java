package io.peerwatch.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {
    @TempDir Path dir;

    @Test
    void secretsComeFromMountedFilesNotFromConfiguration() throws Exception {
        Path secret = dir.resolve("password");
        Files.writeString(secret, "s3cret\n");
        KafkaSettings s = new KafkaSettings("b:9093", Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", "${file:" + secret + "}"));
        assertThat(s.clientProperties()).containsEntry("sasl.jaas.config", "s3cret").containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void consumersReadCommittedAndProducersUseATransactionTimeoutBelowTheBrokerMaximum() {
        KafkaSettings s = KafkaSettings.of("b:9092");
        assertThat(s.consumerProperties()).containsEntry("isolation.level", "read_committed");
        assertThat(Long.parseLong(s.producerProperties().getProperty("transaction.timeout.ms"))).isLessThan(900_000L);
    }

    @Test
    void missingBootstrapServersOrEnvironmentVariablesAreClearErrors() {
        assertThatThrownBy(() -> KafkaSettings.of(" ")).hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> new KafkaSettings("b:1", Map.of("sasl.jaas.config", "${env:PEERWATCH_SURELY_UNSET_VAR}")))
                .hasMessageContaining("PEERWATCH_SURELY_UNSET_VAR");
    }
}
