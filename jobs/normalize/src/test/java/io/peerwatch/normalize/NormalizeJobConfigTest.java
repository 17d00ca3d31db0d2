package io.peerwatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.common.Formats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalizeJobConfigTest {

    @Test
    void argumentsAreParsedIntoAnImmutableConfig(@TempDir Path dir) throws Exception {
        Path props = dir.resolve("client.properties");
        Files.writeString(props, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        NormalizeJobConfig c = NormalizeJobConfig.fromArgs(new String[] {
            "--bootstrap-servers", "k1:9092,k2:9092", "--topic-prefix=site-a", "--formats", "zeek-conn, aws-vpc-flow",
            "--kafka-property", "client.id=normalizer", "--kafka-config", props.toString(), "--checkpoint-interval", "2s",
            "--group-id", "g1", "--start-from", "earliest", "--stop-at-latest", "--max-record-bytes", "65536",
            "--default-network-scope", "dc1", "--syslog-year", "2026", "--syslog-zone", "Europe/Berlin",
            "--allowed-lateness", "PT10M", "--source-delay", "aws-vpc-flow=30m", "--source-delay", "goflow2=2m", "--max-sort-buffer", "5000"});
        assertThat(c.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(c.topics().raw(Formats.ZEEK_CONN)).isEqualTo("site-a.raw.zeek-conn");
        assertThat(c.formats()).containsExactly(Formats.ZEEK_CONN, Formats.AWS_VPC_FLOW);
        assertThat(c.kafkaProperties()).containsEntry("client.id", "normalizer").containsEntry("security.protocol", "SASL_SSL");
        assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.groupId()).isEqualTo("g1");
        assertThat(c.startFrom()).isEqualTo(NormalizeJobConfig.StartFrom.EARLIEST);
        assertThat(c.stopAtLatest()).isTrue();
        assertThat(c.normalize().maxSortBuffer()).isEqualTo(5000);
        assertThat(c.transactionalIdPrefix()).isEqualTo("site-a-normalize");
        assertThat(c.normalize().maxRecordBytes()).isEqualTo(65536);
        assertThat(c.normalize().defaultNetworkScope()).isEqualTo("dc1");
        assertThat(c.normalize().syslogDefaultYear()).isEqualTo(2026);
        assertThat(c.normalize().syslogZone().getId()).isEqualTo("Europe/Berlin");
        assertThat(c.normalize().allowedLateness()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.normalize().bounded()).isFalse();
        assertThat(c.normalize().sourceDelays()).containsOnly(
                Map.entry(Formats.AWS_VPC_FLOW, Duration.ofMinutes(30)), Map.entry(Formats.GOFLOW2, Duration.ofMinutes(2)));
        assertThat(c.normalize().sourceDelayMillis(Formats.ZEEK_CONN)).isZero();
        assertThatThrownBy(() -> c.kafkaProperties().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void defaultsReadEveryFormatFromThePeerwatchPrefix() {
        NormalizeJobConfig c = NormalizeJobConfig.builder("localhost:9092").build();
        assertThat(c.formats()).isEqualTo(Formats.ALL);
        assertThat(c.topics().normalized()).isEqualTo("peerwatch.normalized");
        assertThat(c.startFrom()).isEqualTo(NormalizeJobConfig.StartFrom.COMMITTED_OR_EARLIEST);
        assertThat(c.normalize().maxSortBuffer()).isEqualTo(NormalizeConfig.DEFAULT_MAX_SORT_BUFFER);
        assertThat(c.normalize()).isEqualTo(NormalizeConfig.defaults().toBuilder().syslogDefaultYear(c.normalize().syslogDefaultYear()).build());
        assertThat(c.normalize().sourceDelays()).as("VPC flow logs arrive late by design")
                .containsOnly(Map.entry(Formats.AWS_VPC_FLOW, Duration.ofMinutes(20)));
    }

    @Test
    void badArgumentsAreClearErrors() {
        assertThatThrownBy(() -> NormalizeJobConfig.fromArgs(new String[] {"--formats", "zeek-conn"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bootstrap-servers is required");
        assertThatThrownBy(() -> NormalizeJobConfig.fromArgs(new String[] {"--bootstrap-servers", "k:1", "--formats", "zeek"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown FORMAT 'zeek'");
        assertThatThrownBy(() -> NormalizeJobConfig.fromArgs(new String[] {"--bootstrap-servers", "k:1", "--checkpoint-interval", "soon"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
        assertThatThrownBy(() -> NormalizeJobConfig.fromArgs(new String[] {"--bootstrap-servers", "k:1", "--bogus", "1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> NormalizeJobConfig.fromArgs(new String[] {"--bootstrap-servers", "k:1", "--kafka-property", "novalue"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key=value");
        assertThatThrownBy(() -> NormalizeJobConfig.fromArgs(new String[] {"--bootstrap-servers", "k:1", "--max-sort-buffer", "0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--max-sort-buffer must be at least 1");
        assertThatThrownBy(() -> NormalizeJobConfig.fromArgs(new String[] {"--bootstrap-servers", "k:1", "--source-delay", "20m"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FORMAT=DURATION");
        assertThatThrownBy(() -> NormalizeJobConfig.fromArgs(new String[] {"--bootstrap-servers", "k:1", "--source-delay", "vpc=20m"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown FORMAT 'vpc'");
        assertThatThrownBy(() -> NormalizeJobConfig.builder("k:1").formats(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
