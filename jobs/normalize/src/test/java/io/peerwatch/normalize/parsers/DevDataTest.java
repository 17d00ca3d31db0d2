package io.peerwatch.normalize.parsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.Parsers;
import io.peerwatch.normalize.testing.Records;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every line of the real development captures (../shared/datasets/dev) normalizes, none is dead-lettered. */
class DevDataTest {

    @ParameterizedTest
    @ValueSource(strings = {"zeek-conn", "zeek-dns", "zeek-http", "zeek-ssl", "suricata-eve", "aws-vpc-flow"})
    void everyLineOfTheDevDataParses(String format) {
        Optional<Path> dev = Records.devData();
        assumeTrue(dev.isPresent(), "shared/datasets/dev not present");
        Path dir = dev.get().resolve(format);
        List<RawRecord> records;
        try (var files = Files.list(dir)) {
            records = files.sorted().flatMap(f -> Records.read(format, f).stream()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(records).isNotEmpty();
        Records.Result r = Records.parseAll(Parsers.create(format, NormalizeConfig.boundedDefaults()), records);
        assertThat(r.errors()).isEmpty();
        assertThat(r.events().size() + r.skips().size()).isEqualTo(records.size());
        assertThat(r.events()).isNotEmpty();
    }
}
