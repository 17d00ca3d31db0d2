package io.peerwatch.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwatch.cli.CliRun;
import io.peerwatch.cli.Peerwatch;
import io.peerwatch.testkit.scenario.ScenarioGenerator;
import io.peerwatch.testkit.scenario.ScenarioSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** backfill over log archives: OCSF lines out, counts printed, argument errors as usage errors. */
class BackfillCommandTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    /** The development data set next to the repository (real captures turned into the log formats). */
    static final Path DEV = Path.of("..", "..", "shared", "datasets", "dev").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void backfillOverTheDevDataFilesWritesOneOcsfLinePerIncidentRevisionAndPrintsTheCounts() throws Exception {
        assumeThat(DEV.resolve("zeek-conn")).as("dev data set present").isDirectory();
        List<String> args = new ArrayList<>(List.of("backfill"));
        for (String f : List.of("zeek-conn", "zeek-dns", "zeek-http", "zeek-ssl", "dnsmasq-dhcp", "libvirt-domxml", "libvirt-event")) {
            args.add("--input");
            args.add(f + "=" + DEV.resolve(f));
        }
        Path out = tmp.resolve("incidents.jsonl.gz");
        args.addAll(List.of("--output", out.toString(), "--parallelism", "2"));

        CliRun r = CliRun.of(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Peerwatch.OK);
        List<String> lines = gunzipLines(out);
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode o = JSON.readTree(line);
            assertThat(o.get("class_uid").asInt()).isEqualTo(2004);
            assertThat(o.get("finding_info").get("uid").asText()).hasSize(64);
            assertThat(o.get("finding_info").get("types").get(0).asText()).isIn("p2p-filesharing", "abnormal-transfer-volume");
            assertThat(o.get("device").get("uid").asText()).isNotBlank();
        }
        // per-format counts, incidents by category, and the one-line totals
        assertThat(r.out()).containsPattern("zeek-conn\\s+888\\s+888\\s+0\\s+0")
                .containsPattern("libvirt-domxml\\s+33\\s+33")
                .contains("CATEGORY").contains("p2p-filesharing")
                .containsPattern("records read 1,201, normalized 1,201, dead-lettered 0, incidents \\d+ \\(" + lines.size() + " revisions\\)")
                .contains("wrote " + lines.size() + " OCSF lines");
        // the file reads back for people
        CliRun show = CliRun.of("show", out.toString(), "--brief");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("p2p-filesharing");
    }

    @Test
    void theSameArchivesGiveTheSameIncidentFileAtParallelism1And4() throws Exception {
        Path logs = tmp.resolve("scenario");
        ScenarioGenerator.generate(ScenarioSpec.defaults().withVms(6).withDuration(Duration.ofHours(2))).writeTo(logs);
        List<String> args = new ArrayList<>(List.of("backfill"));
        for (String f : ScenarioSpec.LIBVIRT_SITE_FORMATS) {
            args.add("--input");
            args.add(f + "=" + logs.resolve(f));
        }
        Path p1 = tmp.resolve("p1.jsonl");
        Path p4 = tmp.resolve("p4.jsonl");
        List<String> a1 = new ArrayList<>(args);
        a1.addAll(List.of("--output", p1.toString(), "--parallelism", "1"));
        List<String> a4 = new ArrayList<>(args);
        a4.addAll(List.of("--output", p4.toString(), "--parallelism", "4"));

        CliRun r1 = CliRun.of(a1.toArray(String[]::new));
        CliRun r4 = CliRun.of(a4.toArray(String[]::new));

        assertThat(r1.exitCode()).as(r1.toString()).isZero();
        assertThat(r4.exitCode()).as(r4.toString()).isZero();
        assertThat(Files.readAllLines(p1)).isNotEmpty().isEqualTo(Files.readAllLines(p4));
    }

    @Test
    void unknownFormatOrMissingPathIsAUsageErrorBeforeAnyJobStarts() {
        CliRun unknown = CliRun.of("backfill", "--input", "zeek-conn-tsv=" + tmp, "--output", tmp.resolve("o.jsonl").toString());
        assertThat(unknown.exitCode()).isEqualTo(Peerwatch.USAGE);
        assertThat(unknown.err()).contains("unknown FORMAT 'zeek-conn-tsv'").contains("known formats: zeek-conn");

        CliRun missing = CliRun.of("backfill", "--input", "zeek-conn=" + tmp.resolve("gone"), "--output", tmp.resolve("o.jsonl").toString());
        assertThat(missing.exitCode()).isEqualTo(Peerwatch.USAGE);
        assertThat(missing.err()).contains("input path does not exist").contains("gone");
    }

    @Test
    void inconsistentOptionsAreUsageErrorsWithTheReason() throws Exception {
        Path log = Files.writeString(tmp.resolve("conn.log"), NormalizeCommandTest.CONN_1 + "\n");
        String in = "zeek-conn=" + log;
        assertThat(CliRun.of("backfill", "--input", in).err()).contains("nowhere to write");
        assertThat(CliRun.of("backfill", "--output", tmp.resolve("o").toString()).err()).contains("nothing to read");
        assertThat(CliRun.of("backfill", "--input", in, "--output", tmp.resolve("o").toString(), "--from", "2026-11-01").err())
                .contains("--from and --to go together");
        assertThat(CliRun.of("backfill", "--input", in, "--output", tmp.resolve("o").toString(), "--from", "2026-11-02", "--to", "2026-11-01").err())
                .contains("--to must be after --from");
        assertThat(CliRun.of("backfill", "--from", "2026-11-01", "--to", "2026-11-02", "--output", tmp.resolve("o").toString()).err())
                .contains("needs --bootstrap-servers");
        assertThat(CliRun.of("backfill", "--input", in, "--output", tmp.resolve("o").toString(), "--to-live-topics").err())
                .contains("--to-live-topics needs --bootstrap-servers");
        assertThat(CliRun.of("backfill", "--input", in, "--output", tmp.resolve("no/such/dir/o.jsonl").toString()).err())
                .contains("does not exist");
        assertThat(CliRun.of("backfill", "--input", in, "--output", tmp.resolve("o").toString(), "--from", "yesterday", "--to", "today").exitCode())
                .isEqualTo(Peerwatch.USAGE);
    }

    private static List<String> gunzipLines(Path gz) throws Exception {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
    }
}
