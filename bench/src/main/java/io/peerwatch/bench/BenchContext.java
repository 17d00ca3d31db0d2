package io.peerwatch.bench;

import io.peerwatch.common.Topics;
import io.peerwatch.testkit.EmbeddedKafka;
import io.peerwatch.testkit.scenario.Scenario;
import io.peerwatch.testkit.scenario.ScenarioGenerator;
import io.peerwatch.testkit.scenario.ScenarioSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What suites share: options, the report, a work directory, one embedded Kafka broker, and the generated
 * scenario (in Kafka and on disk), each prepared once on first use.
 */
public final class BenchContext implements AutoCloseable {
    private final BenchOptions options;
    private final Report report;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private EmbeddedKafka kafka;
    private Scenario scenario;
    private ScenarioInKafka inKafka;
    private ScenarioOnDisk onDisk;

    /** The scenario's raw topics: their prefix and what was produced per FORMAT. */
    public record ScenarioInKafka(Topics topics, Map<String, Long> produced, double produceSeconds) {
        public long total() {
            return produced.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The scenario written as {@code dir/<FORMAT>/...} plus allowlist.yaml. */
    public record ScenarioOnDisk(Path dir, Map<String, Long> written, double writeSeconds) {
        public long total() {
            return written.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public BenchContext(BenchOptions options, Report report) {
        this.options = options;
        this.report = report;
        try {
            if (options.workDir() != null) {
                this.workDir = Files.createDirectories(options.workDir());
                this.ownsWorkDir = false;
            } else {
                this.workDir = Files.createTempDirectory("peerwatch-bench-");
                this.ownsWorkDir = !options.keep();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory", e);
        }
    }

    public BenchOptions options() { return options; }
    public Report report() { return report; }
    public Path workDir() { return workDir; }

    /** Where the jobs' checkpoints go (files, as on a cluster). */
    public Path checkpointDir() { return workDir.resolve("checkpoints"); }

    /** The broker, started on first use (in this JVM: it shares the cores with the jobs, as on a small node). */
    public EmbeddedKafka kafka() {
        if (kafka == null) {
            long t0 = System.nanoTime();
            kafka = EmbeddedKafka.start();
            report.line("embedded Kafka broker up in %.1f s at %s", (System.nanoTime() - t0) / 1e9, kafka.bootstrapServers());
        }
        return kafka;
    }

    /** The generated scenario of the end-to-end and backfill suites (records are generated on each read). */
    public Scenario scenario() {
        if (scenario == null) {
            ScenarioSpec spec = ScenarioSpec.defaults().withSeed(options.seed()).withVms(options.vms())
                    .withHypervisors(options.hypervisors()).withDuration(Duration.ofHours(options.hours()));
            scenario = ScenarioGenerator.generate(spec);
        }
        return scenario;
    }

    /** The scenario produced to fresh raw topics (every peerwatch topic created with a fresh prefix). */
    public ScenarioInKafka scenarioInKafka() {
        if (inKafka == null) {
            Topics topics = kafka().createAllTopics(options.partitions());
            long t0 = System.nanoTime();
            Map<String, Long> produced = scenario().produceTo(kafka().settings(), topics);
            double secs = (System.nanoTime() - t0) / 1e9;
            inKafka = new ScenarioInKafka(topics, produced, secs);
            report.line("scenario %s: produced %,d records to %s.raw.* in %.1f s %s", scenario().spec().vms() + " VMs, "
                    + options.hours() + " h", inKafka.total(), topics.prefix(), secs, produced);
        }
        return inKafka;
    }

    /** The scenario written to files under the work directory. */
    public ScenarioOnDisk scenarioOnDisk() {
        if (onDisk == null) {
            Path dir = workDir.resolve("scenario");
            long t0 = System.nanoTime();
            Map<String, Long> written = scenario().writeTo(dir);
            double secs = (System.nanoTime() - t0) / 1e9;
            onDisk = new ScenarioOnDisk(dir, written, secs);
            report.line("scenario written to %s: %,d records in %.1f s", dir, onDisk.total(), secs);
        }
        return onDisk;
    }

    @Override
    public void close() {
        if (kafka != null) kafka.close();
        if (ownsWorkDir) deleteTree(workDir);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
