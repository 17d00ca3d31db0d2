package io.peerwatch.cli.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real Kafka broker as a separate JVM: one combined broker + controller in KRaft mode on loopback. The log
 * directory is formatted once ({@code kafka.tools.StorageTool format}); later starts (a restart in the
 * failover proof) reuse it, so topics, committed offsets and transactions survive like on a real broker.
 */
public final class KafkaBroker {
    public static final String PROCESS = "kafka";
    /** The broker's maximum; KafkaSettings' default producer transaction timeout (10 min) stays below it. */
    public static final long TRANSACTION_MAX_TIMEOUT_MS = 15 * 60 * 1000L;

    private KafkaBroker() {}

    public static String bootstrapServers(int port) {
        return "127.0.0.1:" + port;
    }

    public static void writeConfig(ClusterHome home, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", home.kafkaData().toString());
        // one node: internal topics cannot have 3 replicas
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("transaction.max.timeout.ms", Long.toString(TRANSACTION_MAX_TIMEOUT_MS));
        p.put("group.initial.rebalance.delay.ms", "0");
        // a typo in a topic name must fail, not create a new topic
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "2");
        // record timestamps are event times (replays: days old, the scenario: ahead of the clock): never delete
        // by age here, and accept timestamps from the future
        p.put("log.retention.ms", "-1");
        p.put("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
        try (var w = Files.newBufferedWriter(home.serverProperties())) {
            p.store(w, "written by bin/peerwatch cluster up");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + home.serverProperties(), e);
        }
    }

    /** Formats the log directory unless it already holds a formatted cluster. */
    public static void formatIfNeeded(ClusterHome home, String classpath) {
        if (Files.exists(home.kafkaData().resolve("meta.properties"))) return;
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        JavaProcesses.runToCompletion(home, "kafka storage format", withLogging(home, "kafka-format", "-Xmx256m"),
                classpath, "kafka.tools.StorageTool",
                List.of("format", "-t", clusterId, "-c", home.serverProperties().toString()), Duration.ofMinutes(2));
    }

    public static Process start(ClusterHome home, String classpath) {
        return JavaProcesses.start(home, PROCESS, withLogging(home, PROCESS, "-Xms256m", "-Xmx768m"),
                classpath, "kafka.Kafka", List.of(home.serverProperties().toString()));
    }

    private static List<String> withLogging(ClusterHome home, String name, String... jvmArgs) {
        List<String> args = new java.util.ArrayList<>(List.of(jvmArgs));
        args.addAll(JavaProcesses.logging(home, name));
        return args;
    }

    /** Waits until the broker answers a metadata request, or fails after {@code timeout}. */
    public static void awaitReady(String bootstrapServers, Process process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(p)) {
            while (true) {
                if (process != null && !process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited during start (exit " + process.exitValue() + ")");
                }
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the Kafka broker at " + bootstrapServers + " did not become ready within " + timeout, e);
                    }
                    Sleep.quietly(Duration.ofMillis(300));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
    }
}
