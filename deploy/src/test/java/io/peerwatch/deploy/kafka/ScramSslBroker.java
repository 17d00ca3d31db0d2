package io.peerwatch.deploy.kafka;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * A real Kafka 4.2 broker in its own JVM (KRaft, broker + controller) whose only client listener is SASL_SSL on
 * 127.0.0.1 with SCRAM-SHA-512 users and a test-time certificate. The broker talks to itself over the same
 * SASL_SSL listener with its own SCRAM user; the users are created when the log directory is formatted.
 */
public final class ScramSslBroker implements AutoCloseable {
    public static final String MECHANISM = "SCRAM-SHA-512";

    private final Process process;
    private final int port;
    private final TestTls tls;

    private ScramSslBroker(Process process, int port, TestTls tls) {
        this.process = process;
        this.port = port;
        this.tls = tls;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public TestTls tls() {
        return tls;
    }

    /** Formats and starts the broker with the given SCRAM users (name -> password). */
    public static ScramSslBroker start(Path dir, TestTls tls, String brokerPassword, Map<String, String> users) throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas("broker", brokerPassword));
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", tls.keystore().toString());
        p.put("ssl.keystore.password", tls.keystorePassword());
        p.put("ssl.key.password", tls.keystorePassword());
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", tls.truststore().toString());
        p.put("ssl.truststore.password", tls.truststorePassword());
        p.put("ssl.endpoint.identification.algorithm", "https");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "2");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "2");
        p.put("transaction.max.timeout.ms", "900000");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        Path config = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "SASL_SSL test broker");
        }
        List<String> format = new ArrayList<>(List.of("format", "-t", org.apache.kafka.common.Uuid.randomUuid().toString(),
                "-c", config.toString(), "--add-scram", MECHANISM + "=[name=broker,password=" + brokerPassword + "]"));
        users.forEach((u, pw) -> format.addAll(List.of("--add-scram", MECHANISM + "=[name=" + u + ",password=" + pw + "]")));
        run(dir, "kafka.tools.StorageTool", format, dir.resolve("format.log"), true);
        Process broker = run(dir, "kafka.Kafka", List.of(config.toString()), dir.resolve("broker.log"), false);
        return new ScramSslBroker(broker, port, tls);
    }

    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** Client properties for {@code user} over SASL_SSL (inline values; the tests also use ${file:} references). */
    public Properties clientProperties(String user, String password) {
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrapServers());
        c.put("security.protocol", "SASL_SSL");
        c.put("sasl.mechanism", MECHANISM);
        c.put("sasl.jaas.config", jaas(user, password));
        c.put("ssl.truststore.type", "PKCS12");
        c.put("ssl.truststore.location", tls.truststore().toString());
        c.put("ssl.truststore.password", tls.truststorePassword());
        return c;
    }

    /** Waits until {@code user} can fetch cluster metadata. */
    public void awaitReady(String user, String password, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties c = clientProperties(user, password);
        c.put("default.api.timeout.ms", "5000");
        c.put("request.timeout.ms", "3000");
        try (Admin admin = Admin.create(c)) {
            while (true) {
                if (!process.isAlive()) throw new IllegalStateException("the SASL_SSL broker exited; see its broker.log");
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("SASL_SSL broker not ready within " + timeout, e);
                    Thread.sleep(300);
                }
            }
        }
    }

    private static Process run(Path dir, String mainClass, List<String> args, Path log, boolean wait) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        Process proc = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (wait) {
            if (!proc.waitFor(2, TimeUnit.MINUTES) || proc.exitValue() != 0) {
                throw new IllegalStateException(mainClass + " failed: " + Files.readString(log));
            }
        }
        return proc;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
