package io.peerwatch.cli.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops the cluster's JVMs. Every JVM we start carries a marker system property naming the process
 * and the cluster root, so a pid read back from the state file is only ever signalled if it still is our
 * process (pids are reused by the OS).
 */
public final class JavaProcesses {
    /** The opens Flink's default configuration passes on Java 17 (env.java.default-opts.all). */
    public static final List<String> JAVA17_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final String MARKER = "-Dpeerwatch.cluster.process=";

    private JavaProcesses() {}

    /** System properties that send a process's log4j2 output to {@code log/<name>.log}. */
    public static List<String> logging(ClusterHome home, String processName) {
        return List.of("-Dlog4j.configurationFile=" + home.conf().resolve("log4j.properties").toUri(),
                "-Dlog.file=" + home.log(processName));
    }

    /** The java launcher of the running JVM (the cluster runs on the same Java as the CLI). */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String marker(String processName, ClusterHome home) {
        return MARKER + processName + "@" + home.root();
    }

    /**
     * Starts {@code mainClass} in a new JVM with stdout/stderr appended to {@code <log dir>/<name>.out}.
     *
     * @return the started process (its pid is what the state file records)
     */
    public static Process start(ClusterHome home, String processName, List<String> jvmArgs, String classpath,
                                String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.add(marker(processName, home));
        cmd.addAll(jvmArgs);
        cmd.add("-classpath");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(home.root().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.stdout(processName).toFile()))
                .redirectErrorStream(true);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + processName, e);
        }
    }

    /** Runs a short-lived JVM to completion and returns its output; fails on a non-zero exit. */
    public static String runToCompletion(ClusterHome home, String what, List<String> jvmArgs, String classpath,
                                         String mainClass, List<String> args, Duration timeout) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.addAll(jvmArgs);
        cmd.add("-classpath");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.root().toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            Process p = pb.start();
            // read fully before waiting so a chatty tool cannot block on a full pipe
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + timeout);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "):\n" + tail(out, 2000));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        }
    }

    static String tail(String s, int max) {
        return s.length() <= max ? s : "..." + s.substring(s.length() - max);
    }

    /** The live process with this pid, if it is the one we started under this name for this cluster. */
    public static Optional<ProcessHandle> ours(ClusterHome home, String processName, long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        String marker = marker(processName, home);
        return h.filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)
                || p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false));
    }

    /** SIGTERM, then SIGKILL if the process has not exited within {@code grace}. Returns true if it is gone. */
    public static boolean stop(ProcessHandle p, Duration grace) {
        p.destroy();
        try {
            p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return kill(p, Duration.ofSeconds(10));
        } catch (java.util.concurrent.ExecutionException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    /** SIGKILL (no shutdown hooks run: a crash as far as the process is concerned) and wait for the exit. */
    public static boolean kill(ProcessHandle p, Duration wait) {
        p.destroyForcibly();
        try {
            p.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }
}
