package io.peerwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void withoutArgumentsRunsEverySuiteWithATarget() {
        BenchOptions o = BenchOptions.parse(new String[0]);
        assertThat(o.suites()).containsExactly("normalize", "end-to-end", "backfill", "parsers");
        assertThat(o.vms()).isEqualTo(10_000);
        assertThat(o.allowedLateness()).isNull();
    }

    @Test
    void suitesRunInTheirFixedOrderWhateverTheOrderGiven() {
        BenchOptions o = BenchOptions.parse(new String[] {"parsers", "--records", "1000", "normalize"});
        assertThat(o.suites()).containsExactly("normalize", "parsers");
        assertThat(o.records()).isEqualTo(1000);
    }

    @Test
    void durationsAndSizesAreParsed() {
        BenchOptions o = BenchOptions.parse(new String[] {"--checkpoint-interval", "500ms", "--allowed-lateness", "3h", "--vms", "200",
                "--parser-formats", "zeek-conn,auditd"});
        assertThat(o.checkpointInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.allowedLateness()).isEqualTo(Duration.ofHours(3));
        assertThat(o.liveNormalizeConfig().allowedLateness()).isEqualTo(Duration.ofHours(3));
        assertThat(o.hypervisors()).isEqualTo(2);
        assertThat(o.parserFormats()).containsExactly("zeek-conn", "auditd");
    }

    @Test
    void unknownSuitesAndOptionsAreUsageErrors() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"fast"})).hasMessageContaining("unknown suite 'fast'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--speed", "1"})).hasMessageContaining("unknown option --speed");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--hours", "1"})).hasMessageContaining(">= 2");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--records"})).hasMessageContaining("needs a value");
    }
}
