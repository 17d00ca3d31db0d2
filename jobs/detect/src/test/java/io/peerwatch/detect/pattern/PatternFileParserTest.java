package io.peerwatch.detect.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.detect.config.ConfigFileException;
import io.peerwatch.schema.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.cep.pattern.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatternFileParserTest {
    static final String VALID = """
            id: tracker-then-peers
            version: 2
            category: p2p-filesharing
            severity: high
            within: 10m
            confidence: 0.8
            stages:
              - name: tracker
                where:
                  kind: tracker-contact
                  attr.evidence: [announce, tracker-name]
              - name: peers
                follows: relaxed
                times: 2+
                anyOf:
                  - kind: peer-fanout
                    count: {gte: 3}
                    attr.lookalike: {exists: false}
                  - kind: known-endpoint
              - name: quiet
                follows: not
                where:
                  kind: p2p-lookalike
            """;

    @Test
    void aValidFileBecomesASpecWithItsStagesAndConditions() {
        PatternSpec p = PatternFileParser.parse("valid.yaml", VALID);
        assertThat(p.id()).isEqualTo("tracker-then-peers");
        assertThat(p.version()).isEqualTo("2");
        assertThat(p.severity()).isEqualTo("HIGH");
        assertThat(p.withinMillis()).isEqualTo(600_000);
        assertThat(p.afterMatch()).isEqualTo("skip-past-last-event");
        assertThat(p.stages()).extracting(StageSpec::name).containsExactly("tracker", "peers", "quiet");
        StageSpec peers = p.stages().get(1);
        assertThat(peers.minTimes()).isEqualTo(2);
        assertThat(peers.maxTimes()).isEqualTo(-1);
        assertThat(p.stages().get(2).negated()).isTrue();
        Signal fanout = Signal.newBuilder().setVmKey("v").setTime(0).setKind("peer-fanout").setCount(3).setAttributes(Map.of()).build();
        assertThat(peers.condition().test(fanout)).isTrue();
        Signal lookalike = Signal.newBuilder(fanout).setAttributes(Map.of("lookalike", "gnutella")).build();
        assertThat(peers.condition().test(lookalike)).isFalse();
        Pattern<Signal, Signal> compiled = PatternCompiler.compile(p);
        assertThat(compiled.getName()).isEqualTo("quiet");
        assertThat(compiled.getWindowSize()).isPresent();
    }

    private static ConfigFileException broken(String text) {
        try {
            PatternFileParser.parse("cep-patterns/broken.yaml", text);
        } catch (ConfigFileException e) {
            return e;
        }
        throw new AssertionError("expected the file to be rejected");
    }

    @Test
    void anUnknownSignalKindNamesFileAndLine() {
        ConfigFileException e = broken(VALID.replace("kind: known-endpoint", "kind: known-endpoints"));
        assertThat(e.file()).isEqualTo("cep-patterns/broken.yaml");
        assertThat(e.line()).isEqualTo(19);
        assertThat(e.getMessage()).startsWith("cep-patterns/broken.yaml:19: ").contains("unknown signal kind 'known-endpoints'");
    }

    @Test
    void aYamlSyntaxErrorNamesItsLine() {
        ConfigFileException e = broken(VALID.replace("  - name: peers", "  - name: peers\n   bad: [unclosed"));
        assertThat(e.getMessage()).startsWith("cep-patterns/broken.yaml:").contains("YAML syntax");
        assertThat(e.line()).isBetween(13, 16);
    }

    @Test
    void unknownKeysMissingFieldsAndBadValuesAreRejectedWithTheirLine() {
        assertThat(broken(VALID.replace("confidence: 0.8", "confidence: 0.8\ncolour: red")).getMessage())
                .startsWith("cep-patterns/broken.yaml:7: unknown key 'colour'");
        assertThat(broken(VALID.replace("within: 10m\n", "")).getMessage()).contains("needs 'within'");
        assertThat(broken(VALID.replace("within: 10m", "within: 30d")).getMessage()).startsWith("cep-patterns/broken.yaml:5:").contains("<= 7d");
        assertThat(broken(VALID.replace("category: p2p-filesharing", "category: malware")).getMessage()).contains("category must be one of");
        assertThat(broken(VALID.replace("times: 2+", "times: lots")).getMessage()).startsWith("cep-patterns/broken.yaml:14:");
        assertThat(broken(VALID.replace("count: {gte: 3}", "count: {atLeast: 3}")).getMessage()).contains("unknown key 'atLeast'");
        assertThat(broken(VALID.replace("attr.evidence:", "evidence:")).getMessage()).contains("unknown signal field 'evidence'");
        assertThat(broken(VALID.replace("  - name: peers", "  - name: tracker")).getMessage()).contains("duplicate stage name");
        assertThat(broken(VALID.replace("confidence: 0.8", "confidence: 1.5")).getMessage()).contains("confidence must be in (0, 1]");
        assertThat(broken(VALID + "afterMatch: skip-to-first:nowhere\n").getMessage()).contains("unknown stage 'nowhere'");
        assertThat(broken(VALID.replace("follows: not", "follows: not\n    optional: true")).getMessage()).contains("cannot be optional");
        assertThat(broken("").getMessage()).contains("empty");
    }

    @Test
    void duplicateIdsAcrossFilesAreRejected(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), VALID);
        Files.writeString(dir.resolve("b.yaml"), VALID);
        assertThatThrownBy(() -> PatternFiles.loadDirectory(dir)).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("b.yaml:1: pattern id 'tracker-then-peers' is already used by");
    }

    @Test
    void skipStrategiesMapToFlinkStrategies() {
        assertThat(PatternCompiler.skipStrategy("no-skip").toString()).containsIgnoringCase("noskip");
        assertThat(PatternCompiler.skipStrategy("skip-to-next").toString()).containsIgnoringCase("next");
        assertThat(PatternCompiler.skipStrategy("skip-past-last-event").toString()).containsIgnoringCase("pastlast");
        assertThat(PatternCompiler.skipStrategy("skip-to-first:a").getPatternName()).contains("a");
    }
}
