package io.peerwatch.cli.cluster;

import io.peerwatch.common.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A standalone Flink cluster (one JobManager, N TaskManagers) and one Kafka broker, each a separate JVM started
 * from the Maven-resolved jars, the way Flink's own scripts start them: JVM memory flags and dynamic settings
 * come from {@code BashJavaUtils GET_JM_RESOURCE_PARAMS / GET_TM_RESOURCE_PARAMS}. The state (pids, ports)
 * lives in {@link ClusterHome#stateFile()} so separate CLI invocations can manage the same cluster.
 */
public final class LocalCluster {
    public static final String JOBMANAGER = "jobmanager";
    public static final String TASKMANAGER_PREFIX = "taskmanager-";
    static final String JM_ENTRYPOINT = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TM_RUNNER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final Set<String> TERMINAL = Set.of("FINISHED", "CANCELED", "FAILED");

    private final ClusterHome home;
    private final Path peerwatchHome;
    private final ClusterState state;

    private LocalCluster(ClusterHome home, Path peerwatchHome, ClusterState state) {
        this.home = home;
        this.peerwatchHome = peerwatchHome;
        this.state = state;
    }

    /** The cluster recorded under {@code home} (possibly none yet). */
    public static LocalCluster at(ClusterHome home, Path peerwatchHome) {
        return new LocalCluster(home, peerwatchHome, ClusterState.load(home.stateFile()));
    }

    /** Settings of {@link #up}. {@code restPort} 0 picks a free port. */
    public record Options(int restPort, int taskManagers, int slotsPerTaskManager, String topicPrefix, int topicPartitions) {
        public static Options defaults() {
            return new Options(0, 2, 2, Topics.DEFAULT_PREFIX, 2);
        }
    }

    public ClusterHome home() { return home; }

    public boolean isRecorded() { return !state.isEmpty(); }

    /** Processes of the state file that are still alive. */
    public List<String> liveProcesses() {
        List<String> live = new ArrayList<>();
        for (String name : state.processNames()) {
            if (handle(name).isPresent()) live.add(name);
        }
        return live;
    }

    public int restPort() { return state.intValue("flink.rest.port"); }

    public int kafkaPort() { return state.intValue("kafka.port"); }

    public String topicPrefix() { return state.get("topic.prefix").orElse(Topics.DEFAULT_PREFIX); }

    public String bootstrapServers() { return KafkaBroker.bootstrapServers(kafkaPort()); }

    public FlinkRest rest() { return new FlinkRest(restPort()); }

    /** Starts the broker, the JobManager and the TaskManagers and waits until all are serving. */
    public void up(Options o, java.io.PrintWriter progress) {
        if (!liveProcesses().isEmpty()) {
            throw new IllegalStateException("a cluster is already running from " + home.root() + " (" + liveProcesses()
                    + "); run `bin/peerwatch cluster down` first");
        }
        home.create();
        state.processNames().forEach(state::removePid);
        int restPort = o.restPort() == 0 ? freePort() : o.restPort();
        int rpcPort = freePort();
        int kafkaPort = freePort();
        int controllerPort = freePort();
        state.put("root", home.root());
        state.put("flink.rest.port", restPort);
        state.put("flink.rpc.port", rpcPort);
        state.put("kafka.port", kafkaPort);
        state.put("kafka.controller.port", controllerPort);
        state.put("topic.prefix", o.topicPrefix());
        state.put("taskmanager.next", 1);
        state.save(home.stateFile());

        FlinkConf.write(home, FlinkConf.settings(home, restPort, rpcPort, o.slotsPerTaskManager()));
        KafkaBroker.writeConfig(home, kafkaPort, controllerPort);

        progress.println("starting Kafka broker on " + KafkaBroker.bootstrapServers(kafkaPort) + " ...");
        progress.flush();
        startBroker();

        progress.println("starting Flink JobManager (REST on port " + restPort + ") ...");
        progress.flush();
        Process jm = startJobManager();
        awaitRest(jm, Duration.ofSeconds(90));

        for (int i = 0; i < o.taskManagers(); i++) {
            String name = startTaskManager();
            progress.println("started " + name);
            progress.flush();
        }
        awaitTaskManagers(o.taskManagers(), Duration.ofSeconds(90));

        int created = ClusterTopics.ensure(bootstrapServers(), new Topics(o.topicPrefix()), o.topicPartitions());
        progress.println("created " + created + " topics with prefix '" + o.topicPrefix() + "'");
        progress.flush();
    }

    // ---------------------------------------------------------------- Kafka

    private void startBroker() {
        String cp = FlinkClasspath.fullClasspath(resolvedJars());
        KafkaBroker.formatIfNeeded(home, cp);
        Process p = KafkaBroker.start(home, cp);
        state.putPid(KafkaBroker.PROCESS, p.pid());
        state.save(home.stateFile());
        KafkaBroker.awaitReady(bootstrapServers(), p, Duration.ofSeconds(90));
    }

    /** Stops the broker (SIGTERM, controlled shutdown) and starts it again on the same log directory. */
    public Duration restartBroker() {
        long t0 = System.nanoTime();
        handle(KafkaBroker.PROCESS).ifPresent(h -> JavaProcesses.stop(h, Duration.ofSeconds(60)));
        state.removePid(KafkaBroker.PROCESS);
        startBroker();
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    // ---------------------------------------------------------------- Flink

    private Process startJobManager() {
        String cp = clusterClasspath();
        List<List<String>> params = resourceParams("GET_JM_RESOURCE_PARAMS", cp);
        List<String> jvm = new ArrayList<>(params.get(0));
        jvm.addAll(JavaProcesses.JAVA17_OPENS);
        jvm.addAll(JavaProcesses.logging(home, JOBMANAGER));
        List<String> args = new ArrayList<>(List.of("--configDir", home.conf().toString()));
        args.addAll(params.get(1));
        Process p = JavaProcesses.start(home, JOBMANAGER, jvm, cp, JM_ENTRYPOINT, args);
        state.putPid(JOBMANAGER, p.pid());
        state.save(home.stateFile());
        return p;
    }

    /** Starts one more TaskManager; returns its name (taskmanager-N). */
    public String startTaskManager() {
        int n = state.get("taskmanager.next").map(Integer::parseInt).orElse(1);
        String name = TASKMANAGER_PREFIX + n;
        String cp = clusterClasspath();
        List<List<String>> params = resourceParams("GET_TM_RESOURCE_PARAMS", cp);
        List<String> jvm = new ArrayList<>(params.get(0));
        jvm.addAll(JavaProcesses.JAVA17_OPENS);
        jvm.addAll(JavaProcesses.logging(home, name));
        List<String> args = new ArrayList<>(List.of("--configDir", home.conf().toString()));
        args.addAll(params.get(1));
        Process p = JavaProcesses.start(home, name, jvm, cp, TM_RUNNER, args);
        state.putPid(name, p.pid());
        state.put("taskmanager.next", n + 1);
        state.save(home.stateFile());
        return name;
    }

    /** Names of the TaskManagers that are alive, oldest first. */
    public List<String> taskManagers() {
        return liveProcesses().stream().filter(n -> n.startsWith(TASKMANAGER_PREFIX))
                .sorted(Comparator.comparingInt(n -> Integer.parseInt(n.substring(TASKMANAGER_PREFIX.length()))))
                .toList();
    }

    /** SIGKILL: the TaskManager dies without any shutdown, as in a machine crash. */
    public void killTaskManager(String name) {
        ProcessHandle h = handle(name).orElseThrow(() -> new IllegalStateException(name + " is not running"));
        if (!JavaProcesses.kill(h, Duration.ofSeconds(30))) throw new IllegalStateException(name + " survived SIGKILL");
        state.removePid(name);
        state.save(home.stateFile());
    }

    public void awaitTaskManagers(int count, Duration timeout) {
        FlinkRest rest = rest();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int registered = rest.reachable() ? rest.registeredTaskManagers() : -1;
            if (registered >= count) return;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(count + " TaskManagers did not register within " + timeout + " (have " + registered
                        + "); see " + home.logs());
            }
            Sleep.quietly(Duration.ofMillis(300));
        }
    }

    private void awaitRest(Process jm, Duration timeout) {
        FlinkRest rest = rest();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!rest.reachable()) {
            if (!jm.isAlive()) {
                throw new IllegalStateException("the JobManager exited during start; see " + home.log(JOBMANAGER) + " and " + home.stdout(JOBMANAGER));
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("Flink REST did not come up within " + timeout);
            Sleep.quietly(Duration.ofMillis(300));
        }
    }

    /** [jvm params, dynamic "-D k=v" args] exactly as Flink's scripts compute them from conf/config.yaml. */
    private List<List<String>> resourceParams(String command, String cp) {
        String out = JavaProcesses.runToCompletion(home, "BashJavaUtils " + command,
                JavaProcesses.logging(home, "bash-java-utils"), cp, BASH_JAVA_UTILS,
                List.of(command, "--configDir", home.conf().toString()), Duration.ofMinutes(1));
        List<String> results = new ArrayList<>();
        for (String line : out.split("\n")) {
            int i = line.indexOf("BASH_JAVA_UTILS_EXEC_RESULT:");
            if (i >= 0) results.add(line.substring(i + "BASH_JAVA_UTILS_EXEC_RESULT:".length()).strip());
        }
        if (results.size() < 2) throw new IllegalStateException("unexpected BashJavaUtils output:\n" + JavaProcesses.tail(out, 2000));
        List<List<String>> r = new ArrayList<>();
        for (String s : results.subList(results.size() - 2, results.size())) {
            r.add(s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+")));
        }
        return r;
    }

    private String clusterClasspath() {
        return FlinkClasspath.clusterClasspath(resolvedJars(), FlinkClasspath.jobJar(peerwatchHome));
    }

    private List<Path> resolvedJars() {
        return FlinkClasspath.resolvedJars(FlinkClasspath.classpathFile(peerwatchHome));
    }

    // ---------------------------------------------------------------- stop

    /**
     * Cancels running jobs and waits for them to end (so no transaction is left open against a broker that is
     * going away), stops the TaskManagers, the JobManager and last the broker. {@code purge} deletes the data.
     */
    public List<String> down(boolean purge, java.io.PrintWriter progress) {
        List<String> stopped = new ArrayList<>();
        if (state.pid(JOBMANAGER).flatMap(pid -> handle(JOBMANAGER)).isPresent()) {
            FlinkRest rest = rest();
            if (rest.reachable()) {
                for (FlinkRest.JobSummary j : rest.jobs()) {
                    if (TERMINAL.contains(j.state())) continue;
                    progress.println("cancelling job " + j.name() + " (" + j.id() + ")");
                    progress.flush();
                    rest.cancel(j.id());
                    awaitTerminal(rest, j.id(), Duration.ofSeconds(60));
                }
            }
        }
        List<String> order = new ArrayList<>(taskManagers());
        order.add(JOBMANAGER);
        order.add(KafkaBroker.PROCESS);
        for (String name : order) {
            Optional<ProcessHandle> h = handle(name);
            if (h.isPresent()) {
                JavaProcesses.stop(h.get(), Duration.ofSeconds(30));
                stopped.add(name);
            }
            state.removePid(name);
        }
        // pids of processes that already died (e.g. a killed TaskManager) are forgotten too
        state.processNames().forEach(state::removePid);
        state.save(home.stateFile());
        if (purge) deleteRecursively(home.root());
        return stopped;
    }

    public static String awaitTerminal(FlinkRest rest, String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String s = rest.jobState(jobId);
            if (TERMINAL.contains(s)) return s;
            if (System.nanoTime() > deadline) return s;
            Sleep.quietly(Duration.ofMillis(300));
        }
    }

    private Optional<ProcessHandle> handle(String name) {
        return state.pid(name).flatMap(pid -> JavaProcesses.ours(home, name, pid));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
