package io.peerwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument errors: clear messages on stderr and exit code 2, before any job starts. */
class CommandLineErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void unknownFormatIsAUsageErrorThatListsTheKnownFormats() throws Exception {
        Path log = Files.writeString(tmp.resolve("conn.log"), "{}\n");
        CliRun r = CliRun.of("normalize", "--input", "zeek-connn=" + log, "--output", tmp.resolve("out").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Peerwatch.USAGE);
        assertThat(r.err()).contains("unknown FORMAT 'zeek-connn'").contains("zeek-conn, suricata-eve");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void missingInputPathIsAUsageErrorNamingThePath() {
        CliRun r = CliRun.of("normalize", "--input", "zeek-conn=" + tmp.resolve("nope.log"), "--output", tmp.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Peerwatch.USAGE);
        assertThat(r.err()).contains("input path does not exist").contains("nope.log");
    }

    @Test
    void inputWithoutFormatIsAUsageError() {
        CliRun r = CliRun.of("normalize", "--input", tmp.toString(), "--output", tmp.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Peerwatch.USAGE);
        assertThat(r.err()).contains("--input expects FORMAT=PATH");
    }

    @Test
    void outputThatIsAFileIsAUsageErrorForNormalize() throws Exception {
        Path log = Files.writeString(tmp.resolve("conn.log"), "{}\n");
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        CliRun r = CliRun.of("normalize", "--input", "zeek-conn=" + log, "--output", file.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Peerwatch.USAGE);
        assertThat(r.err()).contains("exists and is not a directory");
    }

    @Test
    void unknownCommandAndOptionAreUsageErrors() throws Exception {
        assertThat(CliRun.of("frobnicate").exitCode()).isEqualTo(Peerwatch.USAGE);
        Path log = Files.writeString(tmp.resolve("conn.log"), "{}\n");
        CliRun r = CliRun.of("normalize", "--input", "zeek-conn=" + log, "--output", tmp.toString(), "--inptu", "x");
        assertThat(r.exitCode()).isEqualTo(Peerwatch.USAGE);
        assertThat(r.err()).contains("Unknown option").contains("--help");
    }

    @Test
    void noCommandPrintsUsageAndExitsWithUsageError() {
        CliRun r = CliRun.of();
        assertThat(r.exitCode()).isEqualTo(Peerwatch.USAGE);
        assertThat(r.err()).contains("a command is required").contains("normalize");
    }

    @Test
    void helpExitsZero() {
        CliRun r = CliRun.of("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Exit codes");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"demo", "backfill", "normalize", "attribute", "show", "verify-evidence",
            "cluster up", "cluster submit", "cluster status", "cluster demo", "cluster down", "cluster failover-test"})
    void everyCommandHasHelp(String command) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
        args.add("--help");
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Usage:").contains(command.substring(command.lastIndexOf(' ') + 1));
    }
}
