package io.peerwatch.cli.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What `cluster up` started: process ids, ports and the topic prefix, saved as a properties file so the other
 * subcommands (a different JVM) can find and stop the processes. Written atomically (temp file + move).
 */
public final class ClusterState {
    private final TreeMap<String, String> values = new TreeMap<>();

    public static ClusterState load(Path file) {
        ClusterState s = new ClusterState();
        if (!Files.exists(file)) return s;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cluster state " + file, e);
        }
        p.stringPropertyNames().forEach(k -> s.values.put(k, p.getProperty(k)));
        return s;
    }

    public void save(Path file) {
        Properties p = new Properties();
        p.putAll(values);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "peerwatch local cluster (written by bin/peerwatch cluster)");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cluster state " + file, e);
        }
    }

    public boolean isEmpty() { return values.isEmpty(); }

    public void put(String key, Object value) { values.put(key, String.valueOf(value)); }

    public void remove(String key) { values.remove(key); }

    public Optional<String> get(String key) { return Optional.ofNullable(values.get(key)); }

    public int intValue(String key) {
        return Integer.parseInt(get(key).orElseThrow(() -> new IllegalStateException("cluster state has no " + key)));
    }

    public Optional<Long> pid(String processName) { return get("pid." + processName).map(Long::parseLong); }

    public void putPid(String processName, long pid) { put("pid." + processName, pid); }

    public void removePid(String processName) { remove("pid." + processName); }

    /** Names of every process with a recorded pid, e.g. kafka, jobmanager, taskmanager-1. */
    public List<String> processNames() {
        List<String> names = new ArrayList<>();
        values.keySet().stream().filter(k -> k.startsWith("pid.")).forEach(k -> names.add(k.substring(4)));
        return names;
    }
}
