package io.peerwatch.cli.cluster;

import io.peerwatch.cli.Failures.CommandFailure;
import io.peerwatch.cli.Failures.UsageException;
import io.peerwatch.cli.Peerwatch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/peerwatch cluster up|submit|status|demo|down|failover-test}: a real standalone Flink cluster (a
 * JobManager and TaskManagers as separate JVMs) and a Kafka broker process on this machine.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Run a standalone Flink cluster (JobManager + TaskManagers as separate JVMs) and a Kafka broker here.",
        subcommands = {
                ClusterCommand.Up.class,
                ClusterCommand.Submit.class,
                ClusterCommand.Status.class,
                ClusterCommand.Down.class,
                ClusterDemoCommand.class,
                FailoverTestCommand.class,
                CommandLine.HelpCommand.class})
public final class ClusterCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("peerwatch cluster: a subcommand is required (up, submit, status, demo, down, failover-test)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return Peerwatch.USAGE;
    }

    /** Options every subcommand shares: where the cluster's files are. */
    static final class Where {
        @Option(names = "--dir", paramLabel = "DIR",
                description = "Cluster directory (default: .peerwatch/cluster in the peerwatch checkout).")
        Path dir;

        ClusterHome home() {
            return dir == null ? ClusterHome.defaultHome() : new ClusterHome(dir.toAbsolutePath().normalize());
        }

        static Path peerwatchHome() {
            return Path.of(System.getProperty("peerwatch.home", ".")).toAbsolutePath().normalize();
        }

        LocalCluster cluster() {
            return LocalCluster.at(home(), peerwatchHome());
        }

        LocalCluster running() {
            LocalCluster c = cluster();
            if (!c.isRecorded() || !c.liveProcesses().contains(LocalCluster.JOBMANAGER)) {
                throw new CommandFailure("no cluster is running from " + c.home().root() + "; start one with `bin/peerwatch cluster up`");
            }
            return c;
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Start a Kafka broker, a Flink JobManager and TaskManagers (separate JVMs); create the topics.")
    static final class Up implements Callable<Integer> {
        @CommandLine.Mixin Where where = new Where();
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--rest-port", defaultValue = "8081", description = "Flink REST / web UI port; 0 = any free port (default: ${DEFAULT-VALUE}).")
        int restPort;

        @Option(names = "--taskmanagers", defaultValue = "2", description = "TaskManager processes (default: ${DEFAULT-VALUE}).")
        int taskManagers;

        @Option(names = "--slots", defaultValue = "2", description = "Task slots per TaskManager (default: ${DEFAULT-VALUE}).")
        int slots;

        @Option(names = "--topic-prefix", defaultValue = "peerwatch", description = "Prefix of the topics to create (default: ${DEFAULT-VALUE}).")
        String topicPrefix;

        @Option(names = "--partitions", defaultValue = "2", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Override
        public Integer call() {
            if (taskManagers < 1 || slots < 1 || partitions < 1) throw new UsageException("--taskmanagers, --slots and --partitions must be >= 1");
            PrintWriter out = spec.commandLine().getOut();
            LocalCluster c = where.cluster();
            int port = restPort != 0 && !portFree(restPort) ? 0 : restPort;
            if (port != restPort) out.println("port " + restPort + " is taken; using a free port for the web UI");
            long t0 = System.nanoTime();
            try {
                c.up(new LocalCluster.Options(port, taskManagers, slots, topicPrefix, partitions), out);
            } catch (RuntimeException e) {
                out.println("start failed; stopping what was started (logs: " + c.home().logs() + ")");
                c.down(false, out);
                throw new CommandFailure("cluster up failed: " + e.getMessage(), e);
            }
            out.printf("cluster is up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            StatusPrinter.print(c, out);
            return Peerwatch.OK;
        }

        private static boolean portFree(int port) {
            try (var s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, description = "Upload the shaded job jar and run the long-running jobs (normalize, detect) on the cluster.")
    static final class Submit implements Callable<Integer> {
        @CommandLine.Mixin Where where = new Where();
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--job", split = ",", paramLabel = "JOB",
                description = "Jobs to run: ${COMPLETION-CANDIDATES} (default: normalize,detect).")
        List<JobSpecs.Job> jobs = new ArrayList<>(List.of(JobSpecs.Job.normalize, JobSpecs.Job.detect));

        @Option(names = "--entry-class", paramLabel = "CLASS",
                description = "Run this main class of the jar instead of --job (with the same common arguments).")
        String entryClass;

        @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of each job (default: ${DEFAULT-VALUE}).")
        int parallelism;

        @Option(names = "--topic-prefix", description = "Topic prefix (default: the one `up` created).")
        String topicPrefix;

        @Option(names = "--patterns", description = "CEP pattern directory (default: cep-patterns/ of the checkout).")
        Path patterns;

        @Option(names = "--allowlist", description = "Allowlist YAML for the detect job (optional).")
        Path allowlist;

        @Option(names = "--jar", description = "Job jar (default: cli/target/peerwatch-cli-*-job.jar).")
        Path jar;

        @Parameters(paramLabel = "ARG", description = "Extra arguments passed to every job (after --).")
        List<String> extra = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LocalCluster c = where.running();
            String prefix = topicPrefix != null ? topicPrefix : c.topicPrefix();
            Path home = Where.peerwatchHome();
            JobSpecs specs = new JobSpecs(c.bootstrapServers(), prefix,
                    patterns != null ? patterns : home.resolve("cep-patterns"), allowlist, extra);
            Path jobJar = jar != null ? jar : FlinkClasspath.jobJar(home);
            ClusterTopics.ensure(c.bootstrapServers(), new io.peerwatch.common.Topics(prefix), 2);
            FlinkRest rest = c.rest();
            String jarId = rest.uploadJar(jobJar);
            out.println("uploaded " + jobJar.getFileName() + " as " + jarId);
            if (entryClass != null) {
                String id = rest.runJar(jarId, entryClass, specs.commonArgs(), parallelism);
                out.println("submitted " + entryClass + " as job " + id);
            } else {
                for (JobSpecs.Job j : jobs) {
                    String id = rest.runJar(jarId, j.entryClass(), specs.args(j), parallelism);
                    out.println("submitted " + j + " (" + j.entryClass() + ") as job " + id);
                }
            }
            out.println("web UI: " + rest.webUi());
            return Peerwatch.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the cluster's processes, jobs and web UI address.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin Where where = new Where();
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            LocalCluster c = where.cluster();
            PrintWriter out = spec.commandLine().getOut();
            if (!c.isRecorded() || c.liveProcesses().isEmpty()) {
                out.println("no cluster is running from " + c.home().root());
                return Peerwatch.FAILURE;
            }
            StatusPrinter.print(c, out);
            return Peerwatch.OK;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Cancel the jobs and stop every process of the cluster.")
    static final class Down implements Callable<Integer> {
        @CommandLine.Mixin Where where = new Where();
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--purge", description = "Also delete the cluster directory (Kafka data, checkpoints, logs).")
        boolean purge;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LocalCluster c = where.cluster();
            List<String> stopped = c.down(purge, out);
            out.println(stopped.isEmpty() ? "nothing was running" : "stopped " + String.join(", ", stopped));
            return Peerwatch.OK;
        }
    }
}
