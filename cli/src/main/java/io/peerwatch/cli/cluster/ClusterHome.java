package io.peerwatch.cli.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where one local cluster keeps its files: {@code <root>/conf} (Flink config.yaml, log4j), {@code log/},
 * {@code kafka/} (server.properties and the broker's log dirs), {@code flink/} (checkpoints, savepoints, web
 * uploads, tmp) and {@code cluster.properties} (the state: pids, ports). The default root is
 * {@code .peerwatch/cluster} under the peerwatch checkout, so `up`, `status` and `down` find each other.
 */
public record ClusterHome(Path root) {

    public static ClusterHome defaultHome() {
        String home = System.getProperty("peerwatch.home", ".");
        return new ClusterHome(Path.of(home, ".peerwatch", "cluster").toAbsolutePath().normalize());
    }

    public Path conf() { return root.resolve("conf"); }
    public Path logs() { return root.resolve("log"); }
    public Path kafkaDir() { return root.resolve("kafka"); }
    public Path kafkaData() { return kafkaDir().resolve("data"); }
    public Path serverProperties() { return kafkaDir().resolve("server.properties"); }
    public Path flinkDir() { return root.resolve("flink"); }
    public Path checkpoints() { return flinkDir().resolve("checkpoints"); }
    public Path savepoints() { return flinkDir().resolve("savepoints"); }
    public Path webUploads() { return flinkDir().resolve("uploads"); }
    public Path tmp() { return flinkDir().resolve("tmp"); }
    public Path stateFile() { return root.resolve("cluster.properties"); }

    public Path log(String processName) { return logs().resolve(processName + ".log"); }
    public Path stdout(String processName) { return logs().resolve(processName + ".out"); }

    /** Creates every directory (idempotent). */
    public void create() {
        for (Path p : new Path[] {conf(), logs(), kafkaData(), checkpoints(), savepoints(), webUploads(), tmp()}) {
            try {
                Files.createDirectories(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + p, e);
            }
        }
    }
}
