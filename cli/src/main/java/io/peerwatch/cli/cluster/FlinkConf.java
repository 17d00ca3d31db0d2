package io.peerwatch.cli.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Flink configuration of the local cluster ({@code conf/config.yaml}, flat keys) and its log4j2 file. Every
 * socket binds to loopback. Checkpoints and savepoints are files under the cluster root; a lost TaskManager is
 * noticed within the heartbeat timeout (10 s instead of the default 50 s) so a failover proof does not wait
 * for nothing.
 */
public final class FlinkConf {
    private FlinkConf() {}

    public static Map<String, String> settings(ClusterHome home, int restPort, int rpcPort, int slotsPerTaskManager) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "127.0.0.1");
        c.put("jobmanager.rpc.port", Integer.toString(rpcPort));
        c.put("jobmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.host", "127.0.0.1");
        c.put("rest.address", "127.0.0.1");
        c.put("rest.bind-address", "127.0.0.1");
        c.put("rest.port", Integer.toString(restPort));
        c.put("jobmanager.memory.process.size", "1024m");
        c.put("taskmanager.memory.process.size", "1536m");
        // the jobs keep state on the heap (hashmap backend): little managed memory is needed
        c.put("taskmanager.memory.managed.fraction", "0.05");
        c.put("taskmanager.numberOfTaskSlots", Integer.toString(slotsPerTaskManager));
        c.put("parallelism.default", "1");
        c.put("state.backend.type", "hashmap");
        c.put("execution.checkpointing.dir", home.checkpoints().toUri().toString());
        c.put("execution.checkpointing.savepoint-dir", home.savepoints().toUri().toString());
        c.put("execution.checkpointing.interval", "5 s");
        c.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        c.put("restart-strategy.type", "fixed-delay");
        c.put("restart-strategy.fixed-delay.attempts", "1000");
        c.put("restart-strategy.fixed-delay.delay", "2 s");
        c.put("heartbeat.interval", "2000");
        c.put("heartbeat.timeout", "10000");
        c.put("web.upload.dir", home.webUploads().toString());
        c.put("web.submit.enable", "true");
        c.put("web.cancel.enable", "true");
        c.put("io.tmp.dirs", home.tmp().toString());
        c.put("blob.storage.directory", home.tmp().toString());
        return c;
    }

    public static void write(ClusterHome home, Map<String, String> settings) {
        StringBuilder yaml = new StringBuilder("# written by bin/peerwatch cluster up; regenerated on every start\n");
        settings.forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
        try {
            Files.writeString(home.conf().resolve("config.yaml"), yaml);
            Files.writeString(home.conf().resolve("log4j.properties"), LOG4J);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Flink configuration to " + home.conf(), e);
        }
    }

    /** YAML single-quoted scalar: paths and durations with spaces or colons stay strings. */
    static String quote(String v) {
        return "'" + v.replace("'", "''") + "'";
    }

    /** One file per process (the process passes -Dlog.file), rolled at 50 MB. */
    static final String LOG4J = String.join("\n",
            "monitorInterval = 30",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.main.ref = MainAppender",
            "logger.kafka.name = org.apache.kafka",
            "logger.kafka.level = WARN",
            "logger.pekko.name = org.apache.pekko",
            "logger.pekko.level = WARN",
            "logger.metricgroup.name = org.apache.flink.metrics.MetricGroup",
            "logger.metricgroup.level = ERROR",
            "appender.main.name = MainAppender",
            "appender.main.type = RollingFile",
            "appender.main.append = true",
            "appender.main.fileName = ${sys:log.file}",
            "appender.main.filePattern = ${sys:log.file}.%i",
            "appender.main.layout.type = PatternLayout",
            "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            "appender.main.policies.type = Policies",
            "appender.main.policies.size.type = SizeBasedTriggeringPolicy",
            "appender.main.policies.size.size = 50MB",
            "appender.main.strategy.type = DefaultRolloverStrategy",
            "appender.main.strategy.max = 3",
            "");
}
