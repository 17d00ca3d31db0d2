package io.peerwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The driver end to end on a tiny input: the normalize suite over 1,000 records (embedded broker, the real
 * exactly-once job, after its warm-up run). Checks that figures come out, never how fast. Tagged: it takes 10 s on
 * an idle 2-core machine and up to 80 s on a busy one, so the default build leaves it out; run it with
 * {@code mvn -B -o -pl bench verify -Dgroups=bench-smoke -Dbench.excludedGroups=none}.
 */
@Tag("bench-smoke")
class BenchmarksSmokeTest {

    @Test
    void normalizeSuiteReportsTheRatioForATinyInput() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        BenchOptions o = BenchOptions.parse(new String[] {"normalize", "--records", "1000", "--consume-passes", "1",
                "--checkpoint-interval", "300ms", "--partitions", "1", "--parallelism", "1"});

        Benchmarks.Outcome outcome = Benchmarks.run(o, new PrintStream(buf, true, StandardCharsets.UTF_8));

        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(outcome.failedSuites()).as(out).isZero();
        assertThat(outcome.report().figures()).extracting(Figure::measure)
                .contains("plain consumer, zeek-conn", "normalize job, zeek-conn", "normalize / plain consume");
        assertThat(outcome.report().figures()).allSatisfy(f -> assertThat(f.value()).isPositive());
        assertThat(outcome.report().notes()).as(out).isEmpty(); // every record read and committed
        assertThat(out).contains("== summary").contains("read 1,000, normalized 1,000");
    }
}
