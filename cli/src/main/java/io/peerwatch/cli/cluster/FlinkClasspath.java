package io.peerwatch.cli.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The classpath of the cluster's JVMs, built from Maven-resolved jars (the Flink distribution is not available
 * here): {@code cli/target/classpath.txt} (written by the cli module's build) minus the user-side libraries that
 * are shaded into the job jar (our code, Avro, the Kafka client and connector, CEP). Flink loads the job jar
 * child-first but {@code org.apache.flink.*} parent-first: a flink-avro or Kafka connector class from the system
 * classpath would then see the system classpath's Avro / Kafka client while our classes see the job jar's copy
 * (ClassCastException / loader constraint violations at run time). Flink's own libraries (shaded guava,
 * commons-*) stay even when the job jar also has a copy: the runtime needs them and user code never crosses
 * with them.
 */
public final class FlinkClasspath {
    private FlinkClasspath() {}

    public static Path classpathFile(Path peerwatchHome) {
        return peerwatchHome.resolve("cli/target/classpath.txt");
    }

    /** The shaded job jar of the cli module's build. */
    public static Path jobJar(Path peerwatchHome) {
        Path dir = peerwatchHome.resolve("cli/target");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "peerwatch-cli-*-job.jar")) {
            for (Path p : ds) return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        throw new IllegalStateException("no shaded job jar in " + dir + " (build it: mvn -B -DskipTests -pl cli -am install)");
    }

    /** Every jar on classpath.txt, in order. */
    public static List<Path> resolvedJars(Path classpathTxt) {
        if (!Files.isReadable(classpathTxt)) {
            throw new IllegalStateException("missing " + classpathTxt + " (build it: mvn -B -DskipTests -pl cli -am install)");
        }
        try {
            String text = Files.readString(classpathTxt).strip();
            List<Path> jars = new ArrayList<>();
            for (String s : text.split(File.pathSeparator)) if (!s.isBlank()) jars.add(Path.of(s));
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classpathTxt, e);
        }
    }

    /** Jar file name prefixes of the libraries that must come only from the job jar. */
    static final List<String> USER_SIDE = List.of("peerwatch-", "avro-", "flink-avro-", "kafka-clients-",
            "flink-connector-kafka-", "flink-cep-");

    /** The jars of {@code all} without the user-side libraries shaded into {@code jobJar}, as a classpath string. */
    public static String clusterClasspath(List<Path> all, Path jobJar) {
        Set<String> shaded = classEntries(jobJar);
        List<String> keep = new ArrayList<>();
        for (Path jar : all) {
            if (!(isUserSide(jar) && isShadedInto(jar, shaded))) keep.add(jar.toString());
        }
        return String.join(File.pathSeparator, keep);
    }

    static boolean isUserSide(Path jar) {
        String name = jar.getFileName().toString();
        return USER_SIDE.stream().anyMatch(name::startsWith);
    }

    /** The whole resolved classpath (the Kafka broker needs its client library, which the job jar also has). */
    public static String fullClasspath(List<Path> all) {
        List<String> s = new ArrayList<>();
        all.forEach(p -> s.add(p.toString()));
        return String.join(File.pathSeparator, s);
    }

    static boolean isShadedInto(Path jar, Set<String> shadedClasses) {
        if (!Files.isRegularFile(jar)) return false;
        try (JarFile jf = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> e = jf.entries();
            while (e.hasMoreElements()) {
                String n = e.nextElement().getName();
                if (isPlainClass(n)) return shadedClasses.contains(n);
            }
            return false;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + jar, ex);
        }
    }

    static Set<String> classEntries(Path jar) {
        Set<String> names = new HashSet<>();
        try (JarFile jf = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> e = jf.entries();
            while (e.hasMoreElements()) {
                String n = e.nextElement().getName();
                if (isPlainClass(n)) names.add(n);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + jar, ex);
        }
        return names;
    }

    private static boolean isPlainClass(String entry) {
        return entry.endsWith(".class") && !entry.startsWith("META-INF/") && !entry.endsWith("module-info.class");
    }
}
