package io.peerwatch.cli.cluster;

import io.peerwatch.common.Hashing;
import io.peerwatch.common.Topics;
import io.peerwatch.testkit.scenario.Scenario;
import io.peerwatch.testkit.scenario.ScenarioGenerator;
import io.peerwatch.testkit.scenario.ScenarioSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The failover proof: the demo scenario streams through the normalize and detect jobs on a standalone cluster
 * twice, on fresh clusters with the same topic names (so ids and evidence coordinates are the same): once
 * undisturbed, once with a TaskManager killed with SIGKILL (and a new one started) and, later, the Kafka broker
 * restarted (the scenario producer, standing in for log shippers, pauses around the restart so that both runs get
 * identical raw input). The committed incidents (read_committed) of both runs must be the same multiset: none lost, none
 * duplicated. Recovery time is from the kill to every task of every job running again.
 */
public final class FailoverProof {
    private static final String PREFIX = Topics.DEFAULT_PREFIX;

    private FailoverProof() {}

    /**
     * @param replayWallTime how long streaming the scenario takes (its 26 h compressed)
     * @param outOfOrderness event-time slack given to the jobs: replaying hours in minutes turns a few seconds of
     *     recovery backlog into hours of event time, which live settings (30 s) would treat as late data
     */
    public record Options(Path workDir, Path peerwatchHome, ScenarioSpec scenario, Duration replayWallTime, Duration outOfOrderness,
                          int parallelism, Duration quietPeriod, double killAt, double brokerRestartAt) {
        public static Options defaults(Path workDir, Path peerwatchHome) {
            // 26 h in 5 min (~310x): 8 h of slack covers ~90 s of recovery backlog arriving out of order
            return new Options(workDir, peerwatchHome, ScenarioSpec.defaults(), Duration.ofMinutes(5), Duration.ofHours(8), 2,
                    Duration.ofSeconds(30), 0.35, 0.65);
        }
    }

    /** What one run produced and how its disturbances went. */
    public record Run(String name, List<byte[]> incidents, List<byte[]> normalizedEvents, long normalized, long late, long deadLetters,
                      long records, Duration killToRunning, Duration brokerRestartToRunning, long restarts, Duration elapsed) {}

    /**
     * @param lost incidents of the undisturbed run missing from the disturbed one
     * @param duplicated incidents the disturbed run committed more often
     * @param normalizedLost the same for the normalize job's output (stateless per record, so it must match exactly:
     *     this isolates the exactly-once mechanics from the determinism of the stateful detect job)
     */
    public record Report(Run undisturbed, Run disturbed, int lost, int duplicated, int normalizedLost, int normalizedDuplicated) {
        public boolean normalizedExactlyOnce() {
            return normalizedLost == 0 && normalizedDuplicated == 0 && undisturbed.normalized() > 0;
        }

        public boolean passed() {
            return normalizedExactlyOnce() && lost == 0 && duplicated == 0 && !undisturbed.incidents().isEmpty() && disturbed.restarts() > 0;
        }
    }

    /** [missing from b, extra in b] comparing multisets of values. */
    static int[] compare(List<byte[]> a, List<byte[]> b) {
        Map<String, Integer> diff = new java.util.HashMap<>();
        a.forEach(v -> diff.merge(Hashing.sha256Hex(v), 1, Integer::sum));
        b.forEach(v -> diff.merge(Hashing.sha256Hex(v), -1, Integer::sum));
        int lost = diff.values().stream().filter(d -> d > 0).mapToInt(Integer::intValue).sum();
        int extra = -diff.values().stream().filter(d -> d < 0).mapToInt(Integer::intValue).sum();
        return new int[] {lost, extra};
    }

    public static Report run(Options o, PrintWriter log) {
        Scenario scenario = ScenarioGenerator.generate(o.scenario());
        Path allowlist;
        try {
            Files.createDirectories(o.workDir());
            allowlist = Files.writeString(o.workDir().resolve("allowlist.yaml"), scenario.allowlistYaml());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Run a = runOnce("undisturbed", false, scenario, allowlist, o, log);
        Run b = runOnce("disturbed", true, scenario, allowlist, o, log);
        int[] incidents = compare(a.incidents(), b.incidents());
        int[] normalized = compare(a.normalizedEvents(), b.normalizedEvents());
        Report r = new Report(a, b, incidents[0], incidents[1], normalized[0], normalized[1]);
        print(r, log);
        printDifferences(a.incidents(), b.incidents(), log);
        return r;
    }

    /** The incidents only one run committed, decoded, so a difference can be traced to a pattern and a VM. */
    static void printDifferences(List<byte[]> undisturbed, List<byte[]> disturbed, PrintWriter log) {
        Map<String, Integer> count = new TreeMap<>();
        Map<String, byte[]> byHash = new TreeMap<>();
        undisturbed.forEach(v -> { String h = Hashing.sha256Hex(v); count.merge(h, 1, Integer::sum); byHash.put(h, v); });
        disturbed.forEach(v -> { String h = Hashing.sha256Hex(v); count.merge(h, -1, Integer::sum); byHash.put(h, v); });
        int shown = 0;
        for (Map.Entry<String, Integer> e : count.entrySet()) {
            if (e.getValue() == 0 || shown++ >= 20) continue;
            log.println("  only " + (e.getValue() > 0 ? "undisturbed" : "disturbed  ") + " x" + Math.abs(e.getValue()) + ": "
                    + describe(byHash.get(e.getKey())));
        }
        log.flush();
    }

    static String describe(byte[] avro) {
        try {
            var reader = new org.apache.avro.specific.SpecificDatumReader<>(io.peerwatch.schema.Incident.class);
            io.peerwatch.schema.Incident i = reader.read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(avro, null));
            return i.getFindingUid().substring(0, Math.min(12, i.getFindingUid().length())) + " " + i.getActivity() + " rev " + i.getRevision()
                    + " " + i.getPatternId() + " vm " + i.getVmKey() + " seen " + java.time.Instant.ofEpochMilli(i.getFirstSeen()) + ".."
                    + java.time.Instant.ofEpochMilli(i.getLastSeen()) + " emittedAt " + java.time.Instant.ofEpochMilli(i.getEmittedAt())
                    + " evidence " + i.getEvidence().size();
        } catch (IOException | RuntimeException e) {
            return "(undecodable: " + e.getMessage() + ")";
        }
    }

    static void print(Report r, PrintWriter log) {
        log.println();
        log.println("failover proof");
        for (Run run : List.of(r.undisturbed(), r.disturbed())) {
            log.printf("  %-11s records %d, normalized %d, late %d, dead letters %d, incidents %d, restarts %d, took %.0f s%n",
                    run.name(), run.records(), run.normalized(), run.late(), run.deadLetters(), run.incidents().size(), run.restarts(),
                    run.elapsed().toMillis() / 1000.0);
        }
        log.printf("  TaskManager SIGKILL -> all tasks running again: %.1f s%n", seconds(r.disturbed().killToRunning()));
        log.printf("  broker restart      -> all tasks running again: %.1f s%n", seconds(r.disturbed().brokerRestartToRunning()));
        log.printf("  committed normalized events: lost %d, duplicated %d%n", r.normalizedLost(), r.normalizedDuplicated());
        log.printf("  committed incidents: lost %d, duplicated %d -> %s%n", r.lost(), r.duplicated(), r.passed() ? "PASS" : "FAIL");
        log.flush();
    }

    static double seconds(Duration d) {
        return d == null ? Double.NaN : d.toMillis() / 1000.0;
    }

    static Run runOnce(String name, boolean disturb, Scenario scenario, Path allowlist, Options o, PrintWriter log) {
        long t0 = System.nanoTime();
        ClusterHome home = new ClusterHome(o.workDir().resolve(name));
        LocalCluster.deleteRecursively(home.root());
        LocalCluster cluster = LocalCluster.at(home, o.peerwatchHome());
        log.println("[" + name + "] starting cluster in " + home.root());
        log.flush();
        try {
            cluster.up(new LocalCluster.Options(0, 2, 2, PREFIX, 2), log);
            FlinkRest rest = cluster.rest();
            String jarId = rest.uploadJar(FlinkClasspath.jobJar(o.peerwatchHome()));
            String ooo = o.outOfOrderness().toMinutes() + "m";
            // detect: idleness is processing time; at the end of a replay it would decide which normalized
            // partition still holds the watermark back, i.e. how many incidents fire before the stream stops: off.
            String idleness = "24h";
            // normalize keeps its default idleness (10 s): its watermark decides when events are written (in
            // event-time order), and raw partitions that rarely get a record (VM definitions arrive at the start)
            // must not hold it back; when the stream stops, every partition turns idle and all is written. Idle
            // partitions get records again at the replay's current time, 8 h ahead of the watermark, so which
            // events are written does not depend on when they turned idle.
            List<String> jobs = new ArrayList<>();
            jobs.add(rest.runJar(jarId, JobSpecs.Job.normalize.entryClass(), List.of("--bootstrap-servers", cluster.bootstrapServers(),
                    "--topic-prefix", PREFIX, "--group-id", "peerwatch-normalize", "--checkpoint-interval", "2s", "--start-from", "earliest",
                    "--out-of-orderness", ooo), o.parallelism()));
            jobs.add(rest.runJar(jarId, JobSpecs.Job.detect.entryClass(), List.of("--bootstrap-servers", cluster.bootstrapServers(),
                    "--topic-prefix", PREFIX, "--group-id", "peerwatch-detect", "--checkpoint-interval", "2s", "--start-from", "earliest",
                    "--out-of-orderness", ooo, "--idleness", idleness, "--patterns", o.peerwatchHome().resolve("cep-patterns").toString(),
                    "--allowlist", allowlist.toString()), o.parallelism()));
            awaitRunning(rest, jobs, Duration.ofMinutes(3));
            log.println("[" + name + "] jobs running: " + jobs);
            log.flush();

            Topics topics = new Topics(PREFIX);
            try (CommittedReader incidents = new CommittedReader(cluster.bootstrapServers(), topics.incidents(), true);
                 CommittedReader normalized = new CommittedReader(cluster.bootstrapServers(), topics.normalized(), true);
                 CommittedReader late = new CommittedReader(cluster.bootstrapServers(), topics.late(), false);
                 CommittedReader dead = new CommittedReader(cluster.bootstrapServers(), topics.deadLetter(), false)) {
                for (CommittedReader r : List.of(incidents, normalized, late, dead)) daemon(r, "committed-reader");
                ScenarioFeeder feeder = new ScenarioFeeder(scenario, topics, cluster.bootstrapServers(), o.replayWallTime());
                Thread feed = daemon(feeder, "scenario-feeder");
                log.println("[" + name + "] streaming " + feeder.total() + " records over " + o.replayWallTime().toSeconds() + " s");
                log.flush();

                Duration killToRunning = null;
                Duration brokerToRunning = null;
                if (disturb) {
                    waitFor(() -> feeder.progress() >= o.killAt() || feeder.done(), Duration.ofMinutes(30));
                    String victim = cluster.taskManagers().get(0);
                    long kill = System.nanoTime();
                    cluster.killTaskManager(victim);
                    String replacement = cluster.startTaskManager();
                    log.printf("[%s] SIGKILL %s at %.0f%% of the stream; started %s%n", name, victim, 100 * feeder.progress(), replacement);
                    log.flush();
                    killToRunning = awaitRecovery(rest, jobs, kill);
                    log.printf("[%s] all tasks running again %.1f s after the kill%n", name, seconds(killToRunning));

                    waitFor(() -> feeder.progress() >= o.brokerRestartAt() || feeder.done(), Duration.ofMinutes(30));
                    feeder.pause(Duration.ofMinutes(5));
                    long restart = System.nanoTime();
                    Duration down;
                    try {
                        down = cluster.restartBroker();
                    } finally {
                        feeder.resume();
                    }
                    log.printf("[%s] broker restarted at %.0f%% of the stream (down %.1f s)%n", name, 100 * feeder.progress(), seconds(down));
                    brokerToRunning = awaitRecovery(rest, jobs, restart);
                    log.printf("[%s] all tasks running %.1f s after the broker restart began%n", name, seconds(brokerToRunning));
                    log.flush();
                }
                feed.join();
                if (feeder.failure() != null) throw new IllegalStateException("producing the scenario failed", feeder.failure());
                // settled: every job running, no transaction left open on the outputs (an open one hides everything
                // after it from read_committed readers), and nothing new arrived for a while
                List<String> outputs = List.of(topics.normalized(), topics.late(), topics.deadLetter(), topics.incidents());
                waitFor(() -> allRunning(rest, jobs) && !OpenTransactions.any(cluster.bootstrapServers(), outputs)
                        && incidents.quietFor().compareTo(o.quietPeriod()) > 0
                        && normalized.quietFor().compareTo(o.quietPeriod()) > 0, Duration.ofMinutes(20));
                long restarts = 0;
                for (String j : jobs) restarts += rest.restarts(j);
                Run run = new Run(name, incidents.values(), normalized.values(), normalized.count(), late.count(), dead.count(), feeder.total(), killToRunning,
                        brokerToRunning, restarts, Duration.ofNanos(System.nanoTime() - t0));
                log.printf("[%s] settled: %d normalized events, %d incidents committed%n", name, run.normalized(), run.incidents().size());
                log.flush();
                return run;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            cluster.down(false, log);
        }
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static boolean allRunning(FlinkRest rest, List<String> jobs) {
        try {
            for (String j : jobs) if (!rest.fullyRunning(j)) return false;
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static void awaitRunning(FlinkRest rest, List<String> jobs, Duration timeout) {
        waitFor(() -> allRunning(rest, jobs), timeout);
    }

    /** From {@code sinceNanos} until every task runs again after having stopped (or, if it never stopped, now). */
    static Duration awaitRecovery(FlinkRest rest, List<String> jobs, long sinceNanos) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        boolean sawDown = false;
        while (System.nanoTime() < deadline) {
            boolean running = allRunning(rest, jobs);
            if (!running) sawDown = true;
            // a failure is noticed within the heartbeat timeout (10 s); only then can "running" be trusted
            if (running && (sawDown || System.nanoTime() - sinceNanos > Duration.ofSeconds(15).toNanos())) {
                return Duration.ofNanos(System.nanoTime() - sinceNanos);
            }
            Sleep.quietly(Duration.ofMillis(200));
        }
        throw new IllegalStateException("the jobs did not recover within 5 minutes");
    }

    static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("condition not reached within " + timeout);
            Sleep.quietly(Duration.ofMillis(250));
        }
    }
}
